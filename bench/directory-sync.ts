/**
 * npm run bench:directory-sync [-- --users N] — the directory sync against a real Active
 * Directory: a Samba AD DC of its own (tests/support/samba-dc.ts) with N users (default
 * 20,000) enabled for Skype for Business, and an LDAPS source with the DC's CA, synced through
 * the Directory page's use cases (lib/directory/directory-service.ts).
 *
 * Printed per engine (SQLite file, and PostgreSQL when reachable):
 * - a full sync into a fresh, empty, migrated database as a ratio of a plain paged read of the
 *   same entries with the same client and settings (plainPagedRead: entries counted and
 *   dropped). Read and sync alternate ROUNDS times, so load from elsewhere hits both alike;
 *   the medians are compared. Goal ≤ 2.
 * - an incremental sync after 100 users changed in AD, as a share of the full sync's median
 *   time. Goal ≤ 5 %.
 * Users are added in batches of ADD_BATCH per ldbadd run over several OUs: one ldbadd of
 * 20,000 took 1,073 s, one of 1,000 took 3.4 s (bench/README.md). Machines are noisy: only the
 * ratios are comparable between runs.
 *
 * Environment: BENCH_DIRSYNC_ROUNDS (3), BENCH_DIRSYNC_ENGINES (sqlite,postgresql).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Attribute, Change, Client } from 'ldapts';

// A fixed key before the bind password is sealed, so the bench never writes .secrets/.
process.env.DIRECTORY_SECRET_KEY ??= Buffer.alloc(32, 'bench-directory-sync').toString('base64');

const { projectRoot } = await import('../lib/config/project-root');
const { createDb } = await import('../lib/db/client');
const { saveLdapSource, startSync } = await import('../lib/directory/directory-service');
const { plainPagedRead } = await import('../lib/directory/ldap/ldap-reader');
const { parseLdapSettings } = await import('../lib/directory/ldap/settings');
const { systemClock } = await import('../lib/pin/types');
const { freshPostgresDatabase, postgresAvailable } = await import('../scripts/test-databases');
const { startSambaDc } = await import('../tests/support/samba-dc');
type SambaDc = import('../tests/support/samba-dc').SambaDc;
type TestUser = import('../tests/support/samba-dc').TestUser;
type DbHandle = import('../lib/db/client').DbHandle;

const MAX_USERS = 200_000;
const ADD_BATCH = 1_000;
/**
 * One OU per ldbadd run: the first 5,000 users took 34 s so, 87 s with 5,000 per OU. Each add
 * still costs more the larger the directory (ldbadd's time goes to copying index lists).
 */
const USERS_PER_OU = 1_000;
const PRINT_EVERY = 5_000;
const CHANGED = 100;
const GOAL_RATIO = 2;
const GOAL_SHARE = 0.05;
const ROUNDS = Number(process.env.BENCH_DIRSYNC_ROUNDS ?? 3);
if (!Number.isInteger(ROUNDS) || ROUNDS < 1 || ROUNDS > 20) throw new Error('BENCH_DIRSYNC_ROUNDS must be a whole number from 1 to 20.');
const ENGINES = (process.env.BENCH_DIRSYNC_ENGINES ?? 'sqlite,postgresql').split(',');
const root = projectRoot();
const admin = { type: 'user' as const, id: 'bench-admin', name: 'Bench Admin' };

function usersFromArgs(): number {
  const { values } = parseArgs({ options: { users: { type: 'string' } } });
  const users = Number(values.users ?? 20_000);
  if (!Number.isInteger(users) || users < CHANGED || users > MAX_USERS) {
    throw new Error(`--users must be a whole number from ${CHANGED} to ${MAX_USERS.toLocaleString('en-US')} (got "${String(values.users).slice(0, 20)}").`);
  }
  return users;
}

const seconds = (since: number) => (performance.now() - since) / 1000;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const fmt = (n: number) => n.toLocaleString('en-US');

/** N users over OUs of USERS_PER_OU, added ADD_BATCH per ldbadd run; returns every DN in order. */
async function populate(dc: SambaDc, count: number): Promise<string[]> {
  const started = performance.now();
  const benchOu = await dc.addOu('Bench');
  const dns: string[] = [];
  let ou = '';
  for (let first = 0; first < count; first += ADD_BATCH) {
    if (first % USERS_PER_OU === 0) ou = await dc.addOu(`Part ${first / USERS_PER_OU + 1}`, benchOu);
    const batch: TestUser[] = Array.from({ length: Math.min(ADD_BATCH, count - first) }, (_, k) => {
      const i = first + k;
      return {
        sam: `bench${String(i).padStart(6, '0')}`,
        displayName: `Bench User ${i}`,
        givenName: 'Bench',
        sn: `User ${i}`,
        line: `tel:+1425${String(1_000_000 + i).padStart(7, '0')};ext=${10_000 + i}`,
        attributes: { department: ['Finance', 'Sales', 'Engineering', 'Support'][i % 4]!, title: 'Clerk', telephoneNumber: '+1 (425) 555-0100' },
      };
    });
    const batchStarted = performance.now();
    dns.push(...(await dc.addUsers(ou, batch)));
    const batchSeconds = seconds(batchStarted);
    if (dns.length % PRINT_EVERY === 0 || dns.length === count)
      console.log(
        `  added ${fmt(dns.length)} / ${fmt(count)} users (${seconds(started).toFixed(1)} s; last batch of ${fmt(batch.length)} ${batchSeconds.toFixed(1)} s)`,
      );
  }
  return dns;
}

/** A fresh, empty, migrated database of `engine`: a new SQLite file or a recreated PostgreSQL database. */
async function freshDatabase(engine: string): Promise<string> {
  let url: string;
  if (engine === 'sqlite') {
    const file = path.join(root, 'data', 'bench-directory-sync.db');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
    url = `file:${file}`;
  } else {
    url = await freshPostgresDatabase('pindesk_bench_directory_sync');
  }
  execFileSync('npx', ['tsx', 'scripts/migrate.ts'], { cwd: root, stdio: 'ignore', env: { ...process.env, DATABASE_URL: url } });
  return url;
}

/** A handle on `url` with the DC saved as its LDAP source. */
async function withSource(url: string, settings: Record<string, unknown>, dc: SambaDc): Promise<{ handle: DbHandle; sourceId: string }> {
  process.env.DATABASE_URL = url;
  const handle = createDb();
  const saved = await saveLdapSource(
    { handle, clock: systemClock },
    { name: 'Bench AD', settings, bindPassword: dc.adminPassword, syncIntervalMinutes: 0, removalGraceHours: 24 },
  );
  if (!saved.ok) throw new Error(`The DC's settings were refused: ${JSON.stringify(saved.problems)}`);
  return { handle, sourceId: saved.id };
}

/** Changes `title` on these users through an LDAPS connection to the DC, as the administrator. */
async function modifyOverLdap(dc: SambaDc, dns: string[], title: string) {
  const client = new Client({ url: dc.ldapsUrl, tlsOptions: { ca: [dc.caPem], servername: dc.tlsServerName }, timeout: 30_000, connectTimeout: 10_000 });
  try {
    await client.bind(dc.adminUpn, dc.adminPassword);
    for (const dn of dns) await client.modify(dn, new Change({ operation: 'replace', modification: new Attribute({ type: 'title', values: [title] }) }));
  } finally {
    await client.unbind().catch(() => undefined);
  }
}

async function timedSync(handle: DbHandle, sourceId: string, full: boolean) {
  const started = performance.now();
  const { done } = await startSync({ handle, clock: systemClock }, sourceId, { actor: admin }, { full });
  const result = await done;
  const took = seconds(started);
  if (result.status !== 'succeeded') throw new Error(`The sync ${result.status}: ${result.message}`);
  return { took, result };
}

async function benchEngine(engine: string, dc: SambaDc, settings: Record<string, unknown>, dns: string[]) {
  const label = engine === 'sqlite' ? 'SQLite' : 'PostgreSQL';
  const parsed = parseLdapSettings(settings);
  console.log(`\n${label}:`);
  const reads: number[] = [];
  const syncs: number[] = [];
  let last: { handle: DbHandle; sourceId: string } | null = null;
  for (let round = 1; round <= ROUNDS; round++) {
    const readStarted = performance.now();
    const read = await plainPagedRead(parsed, dc.adminPassword);
    reads.push(seconds(readStarted));
    if (read !== dns.length) throw new Error(`The plain read counted ${read} entries, not ${dns.length}.`);

    await last?.handle.db.$disconnect();
    last = await withSource(await freshDatabase(engine), settings, dc);
    const { took, result } = await timedSync(last.handle, last.sourceId, true);
    if (result.counts.created !== dns.length)
      throw new Error(`The full sync created ${result.counts.created} users, not ${dns.length}: ${JSON.stringify(result.counts)}`);
    syncs.push(took);
    console.log(
      `  round ${round}: plain paged read ${reads.at(-1)!.toFixed(2)} s, full sync into an empty database ${took.toFixed(2)} s (ratio ${(took / reads.at(-1)!).toFixed(2)})`,
    );
  }
  const ratio = median(syncs) / median(reads);
  console.log(
    `  RATIO full sync / plain read = ${ratio.toFixed(2)}  (medians ${median(syncs).toFixed(2)} s / ${median(reads).toFixed(2)} s, ${fmt(Math.round(dns.length / median(syncs)))} users/s; goal ≤ ${GOAL_RATIO}: ${ratio <= GOAL_RATIO ? 'met' : 'NOT met'})`,
  );

  // Spread over the directory, so the changes are not all in one page or one OU; made over
  // LDAP as an administrator's tools make them (an ldbmodify beside the running DC makes its
  // next search reload the database, which a real change does not).
  const step = Math.floor(dns.length / CHANGED);
  const incrementals: number[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const changed = Array.from({ length: CHANGED }, (_, k) => dns[k * step + round]!);
    await modifyOverLdap(dc, changed, `Controller ${engine} ${round}`);
    const { took, result } = await timedSync(last!.handle, last!.sourceId, false);
    if (result.kind !== 'incremental' || result.counts.read !== CHANGED || result.counts.changed !== CHANGED) {
      throw new Error(`The incremental sync was not the ${CHANGED} changed users: ${result.kind}, ${JSON.stringify(result.counts)}`);
    }
    incrementals.push(took);
    console.log(`  incremental round ${round}: ${CHANGED} users changed over LDAP, sync ${took.toFixed(2)} s`);
  }
  const share = median(incrementals) / median(syncs);
  console.log(
    `  SHARE incremental sync (${CHANGED} changed users) / full sync = ${(share * 100).toFixed(1)} %  (median ${median(incrementals).toFixed(2)} s; goal ≤ ${GOAL_SHARE * 100} %: ${share <= GOAL_SHARE ? 'met' : 'NOT met'})`,
  );
  await last!.handle.db.$disconnect();
}

const users = usersFromArgs();
console.log(`bench:directory-sync — ${fmt(users)} users, ${ROUNDS} rounds, ${os.availableParallelism()} cores, load average ${os.loadavg()[0]!.toFixed(1)}`);
const dcStarted = performance.now();
const dc = await startSambaDc();
try {
  console.log(`  Samba AD DC on ${dc.address} up in ${seconds(dcStarted).toFixed(1)} s`);
  const dns = await populate(dc, users);
  // The settings an administrator would save: LDAPS with the DC's CA, the default filter, attributes and page size.
  const settings = { url: dc.ldapsUrl, caPem: dc.caPem, tlsServerName: dc.tlsServerName, bindDn: dc.adminUpn, baseDns: [`OU=Bench,${dc.baseDn}`] };
  for (const engine of ENGINES) {
    if (engine === 'postgresql' && !(await postgresAvailable())) {
      console.warn('\n!!! PostgreSQL is not reachable: its benchmark was SKIPPED. !!!');
      continue;
    }
    if (engine !== 'sqlite' && engine !== 'postgresql') throw new Error(`BENCH_DIRSYNC_ENGINES names "${engine}"; use sqlite and/or postgresql.`);
    await benchEngine(engine, dc, settings, dns);
  }
  console.log(`\nload average at the end ${os.loadavg()[0]!.toFixed(1)}`);
} finally {
  await dc.stop();
}
