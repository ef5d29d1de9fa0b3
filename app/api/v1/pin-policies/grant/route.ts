import { grantBody } from '@/lib/api/scripting-schemas';
import { scriptingRoute } from '@/lib/api/scripting-route';

export const dynamic = 'force-dynamic';

/** Grant-CsPinPolicy: a per-user policy to one user (policy null → <Automatic>). */
export const POST = scriptingRoute('policy.grant', 'pin-policies.grant', { body: true }, async ({ service, body, whatIf }) => {
  const input = grantBody.parse(body);
  return service.grantPolicy({ identity: input.identity, policy: input.policy, whatIf });
});
