/**
 * Which directory groups and OpenID Connect claim values give which role. As in Skype for
 * Business Server, each role defaults to the security group of its name (CSAdministrator,
 * CSUserAdministrator, CSHelpDesk, CSViewOnlyAdministrator); AUTH_ROLE_GROUPS_<ROLE> replaces
 * the list ("CSHelpDesk;PinDesk Help Desk;0b5f…" — a group's name, its DN, or the value an
 * identity provider sends: Entra sends group object IDs or app-role values). Pure.
 */
import { roles, type Role } from './permissions';

export type RoleMapping = ReadonlyMap<Role, readonly string[]>;

/** A role a user holds through the named groups or claim values (their names as the directory spells them). */
export type DerivedRole = { role: Role; via: string[] };

const MAX_VALUES = 50;
const MAX_VALUE_LENGTH = 512;

export const defaultRoleGroups: Record<Role, string> = {
  CsAdministrator: 'CSAdministrator',
  CsUserAdministrator: 'CSUserAdministrator',
  CsHelpDesk: 'CSHelpDesk',
  CsViewOnlyAdministrator: 'CSViewOnlyAdministrator',
};

export const roleMappingVariable = (role: Role) => `AUTH_ROLE_GROUPS_${role.toUpperCase()}`;

/**
 * The mapping from AUTH_ROLE_GROUPS_* (";"-separated, since DNs hold commas); unset means the
 * Skype for Business group name, and an explicitly empty value means no group gives the role.
 * Throws with the setting's name on a value no directory could hold.
 */
export function roleMappingFromEnv(env: Record<string, string | undefined>): RoleMapping {
  const mapping = new Map<Role, string[]>();
  for (const role of roles) {
    const name = roleMappingVariable(role);
    const raw = env[name];
    if (raw === undefined) {
      mapping.set(role, [defaultRoleGroups[role]]);
      continue;
    }
    const values = raw
      .split(';')
      .map((value) => value.trim())
      .filter(Boolean);
    if (values.length > MAX_VALUES) throw new Error(`${name} lists ${values.length} groups; at most ${MAX_VALUES} are taken.`);
    const tooLong = values.find((value) => value.length > MAX_VALUE_LENGTH);
    if (tooLong) throw new Error(`${name} has a group longer than ${MAX_VALUE_LENGTH} characters ("${tooLong.slice(0, 40)}…").`);
    if (values.some((value) => /[\u0000-\u001f]/.test(value))) throw new Error(`${name} holds a control character; separate groups with ";".`);
    mapping.set(role, values);
  }
  return mapping;
}

/** "CN=CSHelpDesk,OU=Groups,DC=…" → "cshelpdesk"; a plain name → itself, lower-cased. */
function commonNameOf(name: string): string | null {
  const match = /^\s*cn\s*=\s*((?:\\.|[^,\\])+)\s*,/i.exec(name);
  return match ? match[1].replace(/\\(.)/g, '$1').trim().toLowerCase() : null;
}

/**
 * The roles the given group names, DNs or claim values give, each with the names that gave it.
 * Matching is case-insensitive (AD names are); a DN matches a mapping value equal to the whole
 * DN or to its CN.
 */
export function rolesFromGroups(mapping: RoleMapping, names: readonly string[]): DerivedRole[] {
  const derived: DerivedRole[] = [];
  for (const role of roles) {
    const wanted = new Set((mapping.get(role) ?? []).map((value) => value.toLowerCase()));
    if (wanted.size === 0) continue;
    const via = names.filter((name) => {
      const lower = name.toLowerCase();
      const cn = commonNameOf(name);
      return wanted.has(lower) || (cn !== null && wanted.has(cn));
    });
    if (via.length > 0) derived.push({ role, via: [...new Set(via)].sort() });
  }
  return derived;
}

/** The mapping as the Administrators page and the README describe it. */
export function describeRoleMapping(mapping: RoleMapping): { role: Role; groups: readonly string[]; variable: string }[] {
  return roles.map((role) => ({ role, groups: mapping.get(role) ?? [], variable: roleMappingVariable(role) }));
}
