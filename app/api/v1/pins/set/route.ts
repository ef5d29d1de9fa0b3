import { setPinBody } from '@/lib/api/scripting-schemas';
import { scriptingRoute } from '@/lib/api/scripting-route';

export const dynamic = 'force-dynamic';

/** Set-CsClientPin: a given PIN, or a generated one (returned once, in this response only). */
export const POST = scriptingRoute('pin.write', 'pins.set', { body: true }, async ({ service, body, whatIf }) => {
  const input = setPinBody.parse(body);
  return service.setPin({ identity: input.identity, pin: input.pin, whatIf });
});
