/** Lists of the directory's sites, OUs and per-user policies that the admin pages offer as choices. */
import type { Db } from './client';

/** The site names, alphabetically (the PIN Policy page offers those without a site policy). */
export async function listSiteNames(db: Db): Promise<string[]> {
  const sites = await db.site.findMany({ select: { name: true }, orderBy: { name: 'asc' } });
  return sites.map((s) => s.name);
}

/** The per-user PIN policies' identities, alphabetically (the Users page's Assign policy choice). */
export function listPerUserPolicies(db: Db) {
  return db.pinPolicy.findMany({ where: { scope: 'user' }, select: { identity: true }, orderBy: { identity: 'asc' } });
}

/** Every OU's distinguished name, in tree order (the Users page's OU preset). */
export function listOrgUnits(db: Db) {
  return db.orgUnit.findMany({ select: { dn: true }, orderBy: { path: 'asc' } });
}
