/**
 * The Users page search runs as hand-written SQL (lib/db/user-search.ts) for its query plans;
 * its definition is the Prisma condition userSearchWhere. On a demo directory of its own,
 * with a few awkward users added, every search here must give what the Prisma query gives:
 * the same users in the same order, the same count, page and PIN status columns.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db, type DbHandle } from '../../lib/db/client';
import { databaseTarget } from '../../lib/db/database-url';
import { toPolicy } from '../../lib/db/pin-store';
import { seedDemoDirectory } from '../../lib/db/seed/demo-directory';
import { COLLECT_LIMIT, searchUserIds, searchUsers, userSearchWhere, type UserRow, type UserSearchResult } from '../../lib/db/user-search';
import { activeLock } from '../../lib/pin/lockout';
import { resolveEffectivePolicy } from '../../lib/pin/policy';
import { pinExpirationTime } from '../../lib/pin/status';
import { emptyPinState } from '../../lib/pin/types';
import { PAGE_SIZE, type FilterClause, type UserSearch } from '../../lib/users/search-params';
import { freshPostgresDatabase } from '../../scripts/test-databases';
import { target } from './helpers';

const run = promisify(execFile);
const tsx = path.join(process.cwd(), 'node_modules', '.bin', 'tsx');
const provider = target.provider;
const HOUR = 60 * 60 * 1000;
let handle: DbHandle;
let now: number;

/** The search as plain Prisma queries on userSearchWhere: what searchUsers must return. */
async function reference(db: Db, search: UserSearch): Promise<{ result: UserSearchResult; ids: string[] }> {
  const where = userSearchWhere(provider, search, now);
  const orderBy = [{ displayNameKey: 'asc' as const }, { id: 'asc' as const }];
  const matched = await db.directoryUser.count({ where, take: search.max + 1 });
  const total = Math.min(matched, search.max);
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const page = Math.min(search.page, pages);
  const skip = (page - 1) * PAGE_SIZE;
  const users = await db.directoryUser.findMany({
    where,
    orderBy,
    skip,
    take: Math.max(0, Math.min(PAGE_SIZE, total - skip)),
    select: {
      id: true,
      displayName: true,
      sipAddress: true,
      department: true,
      site: { select: { name: true } },
      pinPolicy: { select: { identity: true } },
      pinState: { select: { pinLength: true, pinSetAt: true, adminLockedAt: true, systemLockedAt: true, lockedUntil: true } },
    },
  });
  const policies = new Map((await db.pinPolicy.findMany()).map((p) => [p.identity, toPolicy(p)]));
  const rows = users.map((u): UserRow => {
    const state = u.pinState;
    const isPinSet = state !== null && state.pinLength > 0 && state.pinSetAt !== null;
    const setAt = isPinSet ? Number(state!.pinSetAt) : null;
    const effective = resolveEffectivePolicy({ grantedPolicy: u.pinPolicy?.identity ?? null, siteName: u.site?.name ?? null }, policies);
    const n = (v: bigint | null) => (v === null ? null : Number(v));
    const lock = state
      ? activeLock({ ...emptyPinState, adminLockedAt: n(state.adminLockedAt), systemLockedAt: n(state.systemLockedAt), lockedUntil: n(state.lockedUntil) }, now)
      : null;
    return {
      id: u.id,
      displayName: u.displayName,
      sipAddress: u.sipAddress,
      department: u.department,
      site: u.site?.name ?? null,
      isPinSet,
      isLockedOut: lock !== null,
      lastPinChange: setAt,
      pinExpires: pinExpirationTime(setAt, effective.policy),
    };
  });
  const ids = (await db.directoryUser.findMany({ where, orderBy, take: search.max, select: { id: true } })).map((u) => u.id);
  return { result: { total, truncated: matched > search.max, page, pages, rows }, ids };
}

/** Users the demo directory lacks: no site, LIKE wildcards and non-ASCII in names, odd PIN states. */
async function addAwkwardUsers(db: Db) {
  const people = [
    { name: 'Zoë Ångström', sam: 'zoeangstrom', site: false, state: { pinHash: null, pinLength: 0, lockedUntil: BigInt(now - HOUR) } },
    { name: '100% Sure', sam: 'sure100', site: false, state: { pinHash: 'x', pinLength: 5, pinSetAt: BigInt(now - 400 * 24 * HOUR), lockedUntil: BigInt(now + HOUR) } },
    { name: 'Under_Score', sam: 'under_score', site: true, state: { pinHash: 'x', pinLength: 6, pinSetAt: BigInt(now - HOUR), adminLockedAt: BigInt(now - HOUR) } },
    { name: "Seán O'Brien-Smith", sam: 'seanobriensmith', site: true, state: null },
    { name: 'Kenneth Myers', sam: 'kmyers', site: true, enabled: false, state: { pinHash: 'x', pinLength: 5, pinSetAt: BigInt(now - HOUR), systemLockedAt: BigInt(now - HOUR) } },
  ];
  const site = await db.site.findFirstOrThrow({ where: { name: 'Dublin' } });
  for (const [i, p] of people.entries()) {
    const [first, ...rest] = p.name.split(' ');
    const last = rest.join(' ');
    const upn = `${p.sam}@litwareinc.com`;
    const user = await db.directoryUser.create({
      data: {
        displayName: p.name,
        displayNameKey: p.name.toLowerCase(),
        firstName: first,
        firstNameKey: first.toLowerCase(),
        lastName: last,
        lastNameKey: last.toLowerCase(),
        samAccountName: p.sam,
        samAccountNameKey: p.sam,
        domain: 'litwareinc',
        upn,
        sipAddress: `sip:${upn}`,
        lineUri: `tel:+35315999${i};ext=999${i}`,
        lineUriKey: `tel:+35315999${i};ext=999${i}`,
        lineDigits: `35315999${i}`,
        extension: `999${i}`,
        distinguishedName: `CN=${p.name},OU=Sales_EU,OU=Sales,DC=litwareinc,DC=com`,
        ouDn: 'OU=Sales_EU,OU=Sales,DC=litwareinc,DC=com',
        ouPath: 'litwareinc.com/Sales/Sales_EU/',
        siteId: p.site ? site.id : null,
        title: i % 2 ? 'Sales_Manager' : '50% Manager',
        department: 'Sales',
        city: p.site ? 'Dublin' : '',
        enabled: p.enabled ?? true,
      },
    });
    if (p.state) await db.pinState.create({ data: { userId: user.id, ...p.state } });
  }
}

const texts = ['', 'ken', 'KEN MY', 'kenneth', 'smi', 'sip:ken', 'sip:', 'tel:+3531', '+1425', 'a', 'zo', 'zoë', 'ång', 'seán', "o'b", '*', '* smith', '*smith', 'ken*', '*myer', 'k*n*s', 'ken_', '100%', '%', '_', 'under_', 'kenmyer2', 'no such user'];
const filters: FilterClause[] = [];
const add = (property: FilterClause['property'], operator: FilterClause['operator'], value = '') => filters.push({ property, operator, value });
for (const v of ['Finance', 'finance', 'Sales']) (['eq', 'ne'] as const).forEach((o) => add('department', o, v));
add('department', 'startsWith', 'sal');
add('department', 'contains', 'ngin');
add('department', 'isEmpty');
add('title', 'contains', 'manager');
add('title', 'contains', '_');
add('title', 'startsWith', '50%');
add('office', 'isNotEmpty');
add('city', 'eq', 'Tokyo');
add('city', 'isEmpty');
for (const v of ['Dublin', 'dublin', 'Nowhere']) (['eq', 'ne'] as const).forEach((o) => add('site', o, v));
add('site', 'startsWith', 'red');
add('site', 'contains', 'O');
add('site', 'isEmpty');
add('site', 'isNotEmpty');
for (const v of ['OU=Finance,DC=litwareinc,DC=com', 'OU=finance,DC=litwareinc,DC=com', 'OU=Sales_EU,OU=Sales,DC=litwareinc,DC=com', 'DC=litwareinc,DC=com']) (['eq', 'ne'] as const).forEach((o) => add('ou', o, v));
add('ou', 'startsWith', 'OU=Pay');
add('ou', 'contains', 'apps');
for (const v of ['RedmondUsersPinPolicy', 'site:Dublin', 'global']) (['eq', 'ne'] as const).forEach((o) => add('pinPolicy', o, v));
add('pinPolicy', 'isEmpty');
add('pinPolicy', 'isNotEmpty');
add('pinPolicy', 'startsWith', 'tag:');
add('pinPolicy', 'contains', 'REDMOND');
for (const p of ['isPinSet', 'isLockedOut', 'enabled'] as const) for (const o of ['eq', 'ne'] as const) for (const v of ['True', 'false']) add(p, o, v);

/** Whether the text or a LIKE-based clause of the search holds %, _ or \\. */
const hasLikeCharacters = (search: UserSearch) =>
  /[%_\\]/.test(search.q) || search.filters.some((f) => (f.operator === 'startsWith' || f.operator === 'contains' || f.property === 'ou') && /[%_\\]/.test(f.value));

function searches(): UserSearch[] {
  const list: UserSearch[] = [
    ...filters.map((f) => ({ q: '', filters: [f], max: 200, page: 1 })),
    ...texts.map((q) => ({ q, filters: [], max: 200, page: 2 })),
  ];
  let seed = 20261123;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const pick = <T,>(items: readonly T[]) => items[Math.floor(random() * items.length)];
  for (let i = 0; i < 150; i++) {
    list.push({
      q: random() < 0.5 ? pick(texts) : '',
      filters: Array.from({ length: Math.floor(random() * 3) + 1 }, () => pick(filters)),
      max: pick([1, 10, 200, 200, 2000]),
      page: pick([1, 1, 2, 3, 100]),
    });
  }
  return list;
}

beforeAll(async () => {
  const url =
    provider === 'sqlite'
      ? `file:${path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pindesk-search-')), 'search.db')}`
      : await freshPostgresDatabase('pindesk_user_search_check');
  await run(tsx, ['scripts/migrate.ts'], { env: { ...process.env, DATABASE_URL: url } });
  handle = createDb(databaseTarget(url));
  now = Date.now();
  await seedDemoDirectory(handle.db, { users: 2500, password: 'user-search-test', provider, now });
  await addAwkwardUsers(handle.db);
});
afterAll(async () => handle?.db.$disconnect());

describe(`user search on ${provider}`, () => {
  // Text searches are read in two ways depending on how many users the text matches
  // (COLLECT_LIMIT); forcing each way in turn checks both on this small directory.
  const modes = { 'as tuned': COLLECT_LIMIT[provider], 'always walked': 0, 'always collected': Number.MAX_SAFE_INTEGER };
  it.each(Object.entries(modes))('selects, orders, counts and pages exactly like the Prisma query (text %s)', async (_, limit) => {
    const tuned = COLLECT_LIMIT[provider];
    COLLECT_LIMIT[provider] = limit;
    const differences: string[] = [];
    try {
      for (const search of searches()) {
        // Prisma cannot write a literal % or _ on SQLite (user-search.ts, textMatch): those
        // searches are checked against the reference on PostgreSQL, and literally below.
        if (provider === 'sqlite' && hasLikeCharacters(search)) continue;
        const expected = await reference(handle.db, search);
        const result = await searchUsers(handle.db, provider, search, now);
        const ids = await searchUserIds(handle.db, provider, search, now);
        try {
          expect(result).toEqual(expected.result);
          expect(ids).toEqual(expected.ids);
        } catch {
          differences.push(JSON.stringify(search));
        }
      }
    } finally {
      COLLECT_LIMIT[provider] = tuned;
    }
    expect(differences).toEqual([]);
  });

  it('finds the awkward users by their text', async () => {
    const names = async (q: string) => (await searchUsers(handle.db, provider, { q, filters: [], max: 200, page: 1 }, now)).rows.map((r) => r.displayName);
    expect(await names('zoë')).toEqual(['Zoë Ångström']);
    expect(await names('Ång')).toEqual(['Zoë Ångström']);
    expect(await names("seán o'b")).toEqual(["Seán O'Brien-Smith"]);
    expect(await names('* smith')).toContain('Pilar Smith');
    expect(await names('under_')).toEqual(['Under_Score']);
  });

  it('takes %, _ and \\ in the text and in filter values literally, not as LIKE wildcards', async () => {
    const names = async (q: string, filters: FilterClause[] = []) => (await searchUsers(handle.db, provider, { q, filters, max: 5000, page: 1 }, now)).rows.map((r) => r.displayName);
    expect(await names('100%')).toEqual(['100% Sure']);
    expect(await names('%')).toEqual([]);
    expect(await names('_')).toEqual([]);
    expect(await names('ken_')).toEqual([]);
    expect(await names('*_*')).toEqual(['Under_Score']);
    expect(await names('*%*')).toEqual(['100% Sure']);
    expect(await names('*\\*')).toEqual([]);
    const titles = async (operator: 'contains' | 'startsWith', value: string) => {
      const rows = (await searchUsers(handle.db, provider, { q: '', filters: [{ property: 'title', operator, value }], max: 5000, page: 1 }, now)).rows;
      return new Set((await handle.db.directoryUser.findMany({ where: { id: { in: rows.map((r) => r.id) } }, select: { title: true } })).map((u) => u.title));
    };
    expect(await titles('contains', '_')).toEqual(new Set(['Sales_Manager']));
    expect(await titles('startsWith', '50%')).toEqual(new Set(['50% Manager']));
    expect(await titles('contains', '%_')).toEqual(new Set());
  });
  it('counts a user with a PIN and no lock as not locked out, and one locked by an administrator as locked', async () => {
    const lockedFilter = (value: 'True' | 'False') => [{ property: 'isLockedOut' as const, operator: 'eq' as const, value }];
    const withPin = await handle.db.pinState.findFirstOrThrow({
      where: { pinHash: { not: null }, adminLockedAt: null, systemLockedAt: null, lockedUntil: null },
      select: { user: { select: { id: true, displayName: true } } },
    });
    const search = (value: 'True' | 'False') => searchUsers(handle.db, provider, { q: withPin.user.displayName, filters: lockedFilter(value), max: 200, page: 1 }, now);
    expect((await search('False')).rows.map((r) => r.id)).toContain(withPin.user.id);
    expect((await search('True')).rows.map((r) => r.id)).not.toContain(withPin.user.id);
    await handle.db.pinState.update({ where: { userId: withPin.user.id }, data: { adminLockedAt: BigInt(now) } });
    expect((await search('True')).rows.map((r) => r.id)).toContain(withPin.user.id);
    expect((await search('False')).rows.map((r) => r.id)).not.toContain(withPin.user.id);
    await handle.db.pinState.update({ where: { userId: withPin.user.id }, data: { adminLockedAt: null } });
  });
});
