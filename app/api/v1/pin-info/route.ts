import { BadRequest, scriptingRoute } from '@/lib/api/scripting-route';
import { queryText } from '@/lib/api/scripting-schemas';
import { inputLimits } from '@/lib/validation/input-limits';

export const dynamic = 'force-dynamic';

/** Get-CsClientPinInfo: GET /api/v1/pin-info?identity=… */
export const GET = scriptingRoute('user.read', 'pin-info', {}, async ({ service, params }) => {
  const identity = queryText(params, 'identity', inputLimits.identity);
  if (!identity?.trim()) throw new BadRequest('identity is required: a SIP address, UPN, domain\\account, display name or distinguished name.');
  return service.getPinInfo(identity);
});
