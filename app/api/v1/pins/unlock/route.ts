import { identityBody } from '@/lib/api/scripting-schemas';
import { scriptingRoute } from '@/lib/api/scripting-route';

export const dynamic = 'force-dynamic';

/** Unlock-CsClientPin. */
export const POST = scriptingRoute('pin.lock', 'pins.unlock', { body: true }, async ({ service, body, whatIf }) => {
  return service.unlockPin({ identity: identityBody.parse(body).identity, whatIf });
});
