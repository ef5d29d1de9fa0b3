/**
 * Roles from Active Directory group membership, nested groups included: AD's
 * LDAP_MATCHING_RULE_IN_CHAIN (1.2.840.113556.1.4.1941) walks the member links on the server,
 * so a user in "Help Desk Tier 2", itself a member of CSHelpDesk, holds CsHelpDesk.
 * Groups are looked for in the whole domain (they rarely sit under the users' base DN).
 */
import { EqualityFilter, OrFilter, type Client, type Entry } from 'ldapts';
import { rolesFromGroups, type DerivedRole, type RoleMapping } from '../../auth/role-mapping';
import { describeLdapError } from './connection';
import { guidOf } from './entry-mapping';
import type { LdapSourceSettings } from './settings';

const IN_CHAIN = '1.2.840.113556.1.4.1941';

/** The domain's naming context from the rootDSE (the base DNs' common root would miss CN=Users). */
export async function namingContextOf(client: Client, settings: LdapSourceSettings): Promise<string> {
  try {
    const { searchEntries } = await client.search('', { scope: 'base', filter: '(objectClass=*)', attributes: ['defaultNamingContext'] });
    return text(searchEntries[0]?.defaultNamingContext) || settings.baseDns[0];
  } catch (error) {
    throw describeLdapError(error, settings);
  }
}

/** The groups a mapping names (by cn or DN). */
async function findMappedGroups(client: Client, namingContext: string, mapping: RoleMapping, settings: LdapSourceSettings): Promise<string[]> {
  const values = [...new Set([...mapping.values()].flat())];
  if (values.length === 0) return [];
  const filters = values.flatMap((value) =>
    /^\s*cn\s*=/i.test(value) ? [new EqualityFilter({ attribute: 'distinguishedName', value })] : [new EqualityFilter({ attribute: 'cn', value })],
  );
  const filter = `(&(objectClass=group)${new OrFilter({ filters }).toString()})`;
  return searchGroups(client, namingContext, filter, settings);
}

/** Every group `userDn` is in, directly or through other groups. */
async function groupsOfUser(client: Client, namingContext: string, userDn: string, settings: LdapSourceSettings): Promise<string[]> {
  const member = new EqualityFilter({ attribute: `member:${IN_CHAIN}:`, value: userDn }).toString();
  return searchGroups(client, namingContext, `(&(objectClass=group)${member})`, settings);
}

/** The roles `userDn` holds through groups, for a directory sign-in. */
export async function rolesOfUser(client: Client, settings: LdapSourceSettings, mapping: RoleMapping, userDn: string): Promise<DerivedRole[]> {
  const groups = await groupsOfUser(client, await namingContextOf(client, settings), userDn, settings);
  // By DN: a mapping value matches a group's DN or its CN (rolesFromGroups).
  return rolesFromGroups(mapping, groups);
}

/**
 * objectGUID → roles for every user in a mapped group (nested included), for a sync: one
 * search per mapped group, each listing only that group's members.
 */
export async function readGroupRoles(
  client: Client,
  settings: LdapSourceSettings,
  mapping: RoleMapping,
  signal?: AbortSignal,
): Promise<Map<string, DerivedRole[]>> {
  const namingContext = await namingContextOf(client, settings);
  const groups = await findMappedGroups(client, namingContext, mapping, settings);
  const groupsOf = new Map<string, string[]>();
  for (const group of groups) {
    signal?.throwIfAborted();
    const filter = `(&(objectClass=user)${new EqualityFilter({ attribute: `memberOf:${IN_CHAIN}:`, value: group }).toString()})`;
    try {
      const search = client.searchPaginated(namingContext, {
        scope: 'sub',
        filter,
        attributes: [settings.attributes.objectGuid],
        explicitBufferAttributes: [settings.attributes.objectGuid],
        paged: { pageSize: settings.pageSize },
      });
      for await (const page of search) {
        for (const entry of page.searchEntries) {
          const guid = guidOf(entry[settings.attributes.objectGuid]);
          if (guid) groupsOf.set(guid, [...(groupsOf.get(guid) ?? []), group]);
        }
      }
    } catch (error) {
      throw describeLdapError(error, settings);
    }
  }
  return new Map([...groupsOf].map(([guid, names]) => [guid, rolesFromGroups(mapping, names)]));
}

/** The DNs of the groups `filter` matches (the DN is all a mapping needs: rolesFromGroups reads its CN). */
async function searchGroups(client: Client, base: string, filter: string, settings: LdapSourceSettings): Promise<string[]> {
  try {
    const { searchEntries } = await client.search(base, { scope: 'sub', filter, attributes: ['1.1'], sizeLimit: 1000 });
    return searchEntries.map((entry: Entry) => String(entry.dn));
  } catch (error) {
    throw describeLdapError(error, settings);
  }
}

function text(value: Entry[string] | undefined): string {
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? '' : Buffer.isBuffer(first) ? first.toString('utf8') : String(first);
}
