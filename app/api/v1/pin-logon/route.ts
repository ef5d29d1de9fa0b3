import { handlePinLogon, PIN_LOGON_FAILED } from '@/lib/api/pin-logon-handler';
import { getPinLogonEnv } from '@/lib/server/pin-deps';

export const dynamic = 'force-dynamic';

/** `next dev` and plain `next start` serve the API here; `npm start`'s server.ts answers it before Next.js. */
export async function POST(request: Request) {
  try {
    return await handlePinLogon(request, getPinLogonEnv());
  } catch (error) {
    // Set-up only (secrets, database URL): handlePinLogon answers its own failures.
    console.error(`[pin-logon] ${error instanceof Error ? error.name : 'error'}`);
    return Response.json({ error: PIN_LOGON_FAILED }, { status: 500, headers: { 'Cache-Control': 'no-store' } });
  }
}
