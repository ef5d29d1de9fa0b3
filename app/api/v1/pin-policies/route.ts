import { policyBody, queryText } from '@/lib/api/scripting-schemas';
import { inputLimits } from '@/lib/validation/input-limits';
import { BadRequest, scriptingRoute } from '@/lib/api/scripting-route';

export const dynamic = 'force-dynamic';

/** Get-CsPinPolicy: ?identity=… (one, 404 if none) or ?filter=… (Identity wildcard, e.g. site:*). */
export const GET = scriptingRoute('policy.read', 'pin-policies.get', {}, async ({ service, params }) => {
  // Bounded before anything runs: the filter is matched against every policy.
  const identity = queryText(params, 'identity', inputLimits.policyIdentity) ?? undefined;
  const filter = queryText(params, 'filter', inputLimits.policyFilter) ?? undefined;
  return service.getPolicies({ identity, filter });
});

/** New-CsPinPolicy. */
export const POST = scriptingRoute('policy.write', 'pin-policies.new', { body: true }, async ({ service, body, whatIf }) => {
  const { Identity, ...settings } = policyBody.parse(body);
  return service.newPolicy({ identity: Identity, settings, whatIf });
});

/** Set-CsPinPolicy: changes the properties given, leaves the others. */
export const PATCH = scriptingRoute('policy.write', 'pin-policies.set', { body: true }, async ({ service, body, whatIf }) => {
  const { Identity, ...changes } = policyBody.parse(body);
  if (Object.keys(changes).length === 0) throw new BadRequest('Give at least one property to change, e.g. MinPasswordLength.');
  return service.setPolicy({ identity: Identity, changes, whatIf });
});

/** Remove-CsPinPolicy: ?identity=… (global is reset to the defaults). */
export const DELETE = scriptingRoute('policy.write', 'pin-policies.remove', {}, async ({ service, params, whatIf }) => {
  const identity = queryText(params, 'identity', inputLimits.policyIdentity);
  if (!identity?.trim()) throw new BadRequest('identity is required, e.g. site:Redmond.');
  return service.removePolicy({ identity, whatIf });
});
