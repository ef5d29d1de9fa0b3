/**
 * The PinStore contract against the store the app runs on (lib/server/composition-root.ts),
 * on the engine DATABASE_URL names (integration project: once on SQLite, once on PostgreSQL).
 * Worlds are written with plain Prisma, as a directory import would write them; the store is
 * then read only through its interface, and the audit trail through its table.
 */
import { CHAIN_KEYED_ACTION } from '../../lib/audit/chain';
import { policyRow } from '../../lib/db/pin-store';
import { getDb, getPinDeps } from '../../lib/server/composition-root';
import { GLOBAL_POLICY, policyDefaults } from '../../lib/pin/policy';
import type { AuditOutcome, DirectoryUserRecord } from '../../lib/pin/types';
import { directoryUserKeys } from '../../lib/users/user-keys';
import { describePinStoreContract, type ContractWorld } from './pin-store-contract';

const { db } = getDb();

/** The row of a directory user, its search keys derived as the demo seed derives them. */
function userColumns(user: DirectoryUserRecord, siteIds: Map<string, string>, policyIds: Map<string, string>) {
  const ouDn = user.distinguishedName.slice(user.distinguishedName.indexOf(',') + 1);
  const ouPath = `litwareinc.com/${ouDn
    .split(',')
    .filter((part) => part.startsWith('OU='))
    .map((part) => part.slice(3))
    .reverse()
    .join('/')}/`;
  return {
    id: user.id,
    ...directoryUserKeys({ ...user, ouPath }),
    displayName: user.displayName,
    samAccountName: user.samAccountName,
    domain: user.domain,
    upn: user.upn,
    sipAddress: user.sipAddress,
    lineUri: user.lineUri,
    extension: user.extension,
    otherPhones: JSON.stringify(user.otherPhones),
    distinguishedName: user.distinguishedName,
    ouDn,
    ouPath,
    siteId: user.siteName === null ? null : siteIds.get(user.siteName)!,
    enabled: user.enabled,
    pinPolicyId: user.grantedPolicy === null ? null : policyIds.get(user.grantedPolicy)!,
  };
}

async function seed(world: ContractWorld): Promise<void> {
  // The global policy is shared by the whole database: created when missing, never changed.
  if (!(await db.pinPolicy.findUnique({ where: { identity: GLOBAL_POLICY } }))) {
    await db.pinPolicy.create({ data: policyRow({ identity: GLOBAL_POLICY, scope: 'global', ...policyDefaults }) });
  }
  const siteIds = new Map<string, string>();
  for (const name of world.sites) siteIds.set(name, (await db.site.create({ data: { name } })).id);
  const policyIds = new Map<string, string>();
  for (const policy of world.policies) policyIds.set(policy.identity, (await db.pinPolicy.create({ data: policyRow(policy) })).id);
  for (const user of world.users) await db.directoryUser.create({ data: userColumns(user, siteIds, policyIds) });
}

describePinStoreContract(`database (${getDb().target.provider})`, async (world) => {
  await seed(world);
  const after = (await db.auditEvent.aggregate({ _max: { id: true } }))._max.id ?? 0;
  return {
    store: getPinDeps().store,
    async auditEvents() {
      const rows = await db.auditEvent.findMany({ where: { id: { gt: after }, action: { not: CHAIN_KEYED_ACTION } }, orderBy: { id: 'asc' } });
      return rows.map((row) => ({
        at: row.at.getTime(),
        actorType: row.actorType,
        actorId: row.actorId,
        actorName: row.actorName,
        action: row.action,
        targetType: row.targetType,
        targetId: row.targetId,
        targetName: row.targetName,
        sourceAddress: row.sourceAddress,
        userAgent: row.userAgent,
        outcome: row.outcome as AuditOutcome,
        details: JSON.parse(row.details) as Record<string, unknown>,
      }));
    },
  };
});
