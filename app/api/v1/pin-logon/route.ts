import { handlePinLogon } from '@/lib/api/pin-logon-handler';
import { getDb } from '@/lib/db/client';
import { getPinDeps } from '@/lib/server/pin-deps';

export const dynamic = 'force-dynamic';

/** `next dev` and plain `next start` serve the API here; `npm start`'s server.ts answers it before Next.js. */
export function POST(request: Request) {
  return handlePinLogon(request, { handle: getDb(), deps: getPinDeps() });
}
