import { identityBody } from '@/lib/api/scripting-schemas';
import { scriptingRoute } from '@/lib/api/scripting-route';

export const dynamic = 'force-dynamic';

/** Lock-CsClientPin. */
export const POST = scriptingRoute('pin.lock', 'pins.lock', { body: true }, async ({ service, body, whatIf }) => {
  return service.lockPin({ identity: identityBody.parse(body).identity, whatIf });
});
