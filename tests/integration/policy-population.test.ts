/**
 * The counts a policy edit is reviewed with (lib/db/policy-population.ts), on the real engine:
 * who a policy governs (grant, else site policy, else global) and how their PINs stand.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { policyDefaults } from '../../lib/pin/policy';
import { countFallbackPopulation, countPolicyPopulation } from '../../lib/db/policy-population';
import { createUser, db, handle } from './helpers';

const DAY = 86_400_000;
const now = Date.UTC(2026, 11, 6, 9, 0, 0);
const tag = randomUUID().slice(0, 8);
const site = `PopSite${tag}`;
const perUser = `tag:PopPolicy${tag}`;

async function policy(identity: string, scope: string, minPasswordLength: number, pinLifetime = 0) {
  return db.pinPolicy.create({ data: { identity, scope, minPasswordLength, pinLifetime, pinHistoryCount: pinLifetime ? 1 : 0 } });
}
async function pin(userId: string, length: number, ageDays: number) {
  await db.pinState.create({ data: { userId, pinHash: 'x', pinLength: length, pinSetAt: BigInt(now - ageDays * DAY) } });
}

beforeAll(async () => {
  const s = await db.site.create({ data: { name: site } });
  await policy(`site:${site}`, 'site', 10, 30);
  const granted = await policy(perUser, 'user', 6);
  // Site users without a grant: a 4-digit PIN 40 days old, a 12-digit one 5 days old, no PIN.
  await pin((await createUser(db, { siteId: s.id })).id, 4, 40);
  await pin((await createUser(db, { siteId: s.id })).id, 12, 5);
  await createUser(db, { siteId: s.id });
  // Grantees: one at the site (falls back to the site policy), one without a site (to global).
  const atSite = await createUser(db, { siteId: s.id });
  const noSite = await createUser(db);
  await db.directoryUser.updateMany({ where: { id: { in: [atSite.id, noSite.id] } }, data: { pinPolicyId: granted.id } });
  await pin(atSite.id, 5, 100);
  await pin(noSite.id, 8, 1);
});

describe('policy population', () => {
  it('counts a site policy’s users without a grant, PINs shorter than a minimum, and expiry under two lifetimes', async () => {
    expect(await countPolicyPopulation(handle, `site:${site}`, { minPasswordLength: 11, pinLifetime: 20, currentLifetime: 30 }, now)).toEqual({
      users: 3,
      withPin: 2,
      shorterThan: 1,
      expiredUnder: 1,
      expiredNow: 1,
    });
    const longer = await countPolicyPopulation(handle, `site:${site}`, { minPasswordLength: 13, pinLifetime: 3, currentLifetime: 0 }, now);
    expect(longer).toMatchObject({ shorterThan: 2, expiredUnder: 2, expiredNow: 0 });
  });

  it('counts a per-user policy’s grantees', async () => {
    expect(await countPolicyPopulation(handle, perUser, { minPasswordLength: 6, pinLifetime: 0, currentLifetime: 0 }, now)).toEqual({
      users: 2,
      withPin: 2,
      shorterThan: 1,
      expiredUnder: 0,
      expiredNow: 0,
    });
  });

  it('groups a deleted per-user policy’s users by the policy they fall back to, measured against it', async () => {
    // A fresh database may have no global row: its users are then under the defaults.
    const global = (await db.pinPolicy.findUnique({ where: { identity: 'global' } })) ?? policyDefaults;
    const fallbacks = await countFallbackPopulation(handle, perUser, 0, now);
    expect(fallbacks).toEqual([
      {
        identity: 'global',
        minPasswordLength: global.minPasswordLength,
        pinLifetime: global.pinLifetime,
        users: 1,
        withPin: 1,
        shorterThan: global.minPasswordLength > 8 ? 1 : 0,
        expiredUnder: 0,
        expiredNow: 0,
      },
      { identity: `site:${site}`, minPasswordLength: 10, pinLifetime: 30, users: 1, withPin: 1, shorterThan: 1, expiredUnder: 1, expiredNow: 0 },
    ]);
    // Against the deleted policy's own lifetime (50 days): the 100-day-old PIN at the site had expired already.
    const againstCurrent = await countFallbackPopulation(handle, perUser, 50, now);
    expect(againstCurrent.map((f) => [f.identity, f.expiredNow])).toEqual([
      ['global', 0],
      [`site:${site}`, 1],
    ]);
    expect(await countFallbackPopulation(handle, `site:${site}`, 0, now)).toEqual([expect.objectContaining({ identity: 'global', users: 3, withPin: 2 })]);
  });
});
