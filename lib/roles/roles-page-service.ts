import 'server-only';
/** The Administrators page's use cases on this process's database (lib/roles/roles-service.ts). */
import { describeRoleMapping, roleMappingFromEnv } from '../auth/role-mapping';
import { oidcSettingsFromEnv } from '../auth/auth-settings';
import { getDb } from '../server/composition-root';
import { getPinDeps } from '../server/pin-deps';
import type { UserRef } from '../pin/use-cases/load-user';
import * as service from './roles-service';

export { RoleChangeError, RoleInputError } from './roles-service';
export type { RoleHolderView } from './roles-service';

const deps = () => ({ handle: getDb(), store: getPinDeps().store });

export const listRoleHolders = () => service.listRoleHolders(deps());

export const grantRole = (input: { user: UserRef; role: unknown }, change: service.RoleChange) => service.grantRole(deps(), input, change);

export const revokeRole = (input: { user: UserRef; role: unknown }, change: service.RoleChange) => service.revokeRole(deps(), input, change);

/** Which groups and claims give which role, for the page's explanation. */
export function roleSourcesDescription() {
  return { mapping: describeRoleMapping(roleMappingFromEnv(process.env)), rolesClaim: oidcSettingsFromEnv(process.env)?.rolesClaim ?? null };
}
