import { rolesRoute } from '@/lib/api/roles-route';
import { queryText } from '@/lib/api/scripting-schemas';
import { inputLimits } from '@/lib/validation/input-limits';

export const dynamic = 'force-dynamic';

/** Get-PinDeskRoleAssignment: every role holder with where each role comes from; ?identity= one user's. */
export const GET = rolesRoute('roles.list', {}, async ({ service, params }) => {
  const identity = queryText(params, 'identity', inputLimits.identity);
  return service.getRoleAssignments({ identity: identity === null || identity.trim() === '' ? undefined : identity });
});
