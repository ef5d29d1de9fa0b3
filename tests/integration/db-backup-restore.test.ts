/**
 * Backup and restore (issue 24), with the real `npm run db:backup` / `db:restore` processes on
 * databases of their own: a backup taken while PIN logons keep writing is consistent (SQLite:
 * integrity_check ok), a restore into an empty database verifies its audit chain and accepts a
 * PIN set before the backup, a non-empty target is refused without --force and left as it was,
 * the other engine's backup, a missing file and (PostgreSQL) a missing or old pg_dump are
 * refused with a message saying what to do, and no output shows the database password.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../lib/config/project-root';
import { chainHead, verifyAuditTrail } from '../../lib/db/audit-log';
import { createDb, type DbHandle } from '../../lib/db/client';
import { databaseTarget } from '../../lib/db/database-url';
import { createPinStore } from '../../lib/db/pin-store';
import { connectPostgres, postgresServerMajor } from '../../lib/ops/backup';
import { setPin, verifyPinLogon } from '../../lib/pin';
import { createArgon2Hasher } from '../../lib/pin/hasher';
import { freshPostgresDatabase } from '../../scripts/test-databases';
import { admin, createUser, manualClock, pepper, target as suiteTarget } from './helpers';
import { startedProcesses } from './process-tree';

const engine = suiteTarget.provider;
const PIN = '730914';
/** Trust authentication ignores it; it is there to be looked for in the output. */
const PASSWORD = 'Backup-Secret-7f3a';
const bridge = { type: 'bridge' as const, id: 'b-backup', name: 'backup test bridge' };
const clock = manualClock(Date.UTC(2026, 11, 8, 9, 0, 0));
const hasher = createArgon2Hasher(pepper);

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'pindesk-backup-'));
const backupFile = path.join(work, 'pindesk.backup');
let sourceUrl = '';
let targetUrl = '';
let source: DbHandle;
let extension = '';
/** Audit events in the backup, as db:backup reported them. */
let backedUpEvents = 0;

const seen = startedProcesses();
afterEach(() => seen.killLeftovers());

type Run = { code: number | null; output: string };

/** A real `npm run -s <script> -- <args>` (or another command) with DATABASE_URL set; resolves when it ends. */
function run(databaseUrl: string, argv: string[], options: { command?: string; env?: Record<string, string> } = {}): Promise<Run> {
  const child = spawn(options.command ?? 'npm', options.command ? argv : ['run', '-s', ...argv], {
    cwd: projectRoot(),
    env: { ...process.env, DATABASE_URL: databaseUrl, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  seen.add(child.pid!);
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

const backup = (databaseUrl: string, ...args: string[]) => run(databaseUrl, ['db:backup', '--', ...args]);
const restore = (databaseUrl: string, ...args: string[]) => run(databaseUrl, ['db:restore', '--', ...args]);

const pinDeps = (handle: DbHandle) => ({ store: createPinStore(handle), hasher, clock });
const logon = (handle: DbHandle, pin = PIN) => verifyPinLogon(pinDeps(handle), { identity: extension, pin, actor: bridge });
const targetFile = () => targetUrl.replace(/^file:/, '');
const sha256 = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

async function withTarget<T>(check: (handle: DbHandle) => Promise<T>): Promise<T> {
  const handle = createDb(databaseTarget(targetUrl));
  try {
    return await check(handle);
  } finally {
    await handle.db.$disconnect();
  }
}

/** What must not change when a restore is refused. */
const targetState = () =>
  withTarget(async ({ db }) => ({
    events: await db.auditEvent.count(),
    users: await db.directoryUser.count(),
    head: await chainHead(db),
  }));

function reportedEvents(output: string): number {
  const match = /(\d[\d,]*) directory users?, (\d[\d,]*) audit events?/.exec(output);
  if (!match) throw new Error(`No counts in:\n${output}`);
  return Number(match[2].replaceAll(',', ''));
}

beforeAll(async () => {
  if (engine === 'sqlite') {
    sourceUrl = `file:${path.join(work, 'source.db')}`;
    targetUrl = `file:${path.join(work, 'target.db')}`;
  } else {
    const url = new URL(await freshPostgresDatabase('pindesk_backup_src'));
    url.password = PASSWORD;
    sourceUrl = url.toString();
    targetUrl = await freshPostgresDatabase('pindesk_backup_dst');
  }
  const migrated = await run(sourceUrl, ['db:migrate']);
  expect(migrated.code, migrated.output).toBe(0);
  source = createDb(databaseTarget(sourceUrl));
  const user = await createUser(source.db);
  extension = user.extension!;
  await setPin(pinDeps(source), { user: { userId: user.id }, pin: PIN, actor: admin });
}, 120_000);

afterAll(async () => {
  await source?.db.$disconnect();
  fs.rmSync(work, { recursive: true, force: true });
});

describe(`db:backup and db:restore on ${engine}`, () => {
  it('backs up while PIN logons keep writing: a consistent copy, without the password in any output', async () => {
    const eventsBefore = await source.db.auditEvent.count();
    let writing = true;
    let logons = 0;
    const refused: unknown[] = [];
    const writer = (async () => {
      while (writing) {
        const result = await logon(source);
        if (result.result !== 'accepted') refused.push(result);
        logons++;
      }
    })();
    const backupRun = backup(sourceUrl, backupFile);
    const logonsAtStart = logons;
    const result = await backupRun;
    const logonsDuringBackup = logons - logonsAtStart;
    writing = false;
    await writer;
    const eventsAfter = await source.db.auditEvent.count();

    expect(result.code, result.output).toBe(0);
    expect(result.output).toMatch(engine === 'sqlite' ? /integrity check ok/ : /archive lists \d+ entries/);
    expect(result.output).toMatch(/keep it as secret as the database/);
    expect(result.output).not.toContain(PASSWORD);
    // The server's writes went on during the backup and none of them failed...
    expect(refused).toEqual([]);
    expect(logonsDuringBackup).toBeGreaterThan(0);
    // ...and the copy holds a moment in the middle of them.
    backedUpEvents = reportedEvents(result.output);
    expect(backedUpEvents).toBeGreaterThan(eventsBefore);
    expect(backedUpEvents).toBeLessThanOrEqual(eventsAfter);
    expect(fs.statSync(backupFile).mode & 0o077).toBe(0);
    expect(fs.readdirSync(work).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    if (engine === 'sqlite') {
      const copy = new Database(backupFile, { readonly: true, fileMustExist: true });
      try {
        expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
        expect(copy.prepare('SELECT count(*) AS n FROM audit_event').get()).toEqual({ n: backedUpEvents });
      } finally {
        copy.close();
      }
    }
  }, 120_000);

  it('does not overwrite an existing backup unless --force', async () => {
    const before = sha256(backupFile);
    const refused = await backup(sourceUrl, backupFile);
    expect(refused.code, refused.output).toBe(2);
    expect(refused.output).toContain(`${backupFile} exists already: choose another name, or add --force to replace it.`);
    expect(sha256(backupFile)).toBe(before);

    const second = path.join(work, 'second.backup');
    fs.writeFileSync(second, 'an older backup');
    const forced = await backup(sourceUrl, '--force', second);
    expect(forced.code, forced.output).toBe(0);
    expect(forced.output).not.toContain(PASSWORD);
    expect(fs.readFileSync(second).subarray(0, 5).toString('latin1')).toBe(engine === 'sqlite' ? 'SQLit' : 'PGDMP');
  }, 120_000);

  it('restores into an empty database: the audit chain verifies and the PIN set before the backup logs on', async () => {
    const result = await restore(targetUrl, backupFile);
    expect(result.code, result.output).toBe(0);
    expect(result.output).toMatch(/Restored: 1 directory user, [\d,]+ audit events/);
    expect(result.output).toMatch(/up to date/);
    expect(result.output).toContain('npm run audit:verify');

    const verified = await run(targetUrl, ['audit:verify']);
    expect(verified.code, verified.output).toBe(0);
    expect(verified.output).toContain(`Audit trail intact (${engine}): ${backedUpEvents.toLocaleString('en-US')} events checked`);

    await withTarget(async (handle) => {
      expect(await verifyAuditTrail(handle.db)).toMatchObject({ ok: true, checked: backedUpEvents });
      expect(await logon(handle, '951847')).toMatchObject({ result: 'rejected' });
      expect(await logon(handle)).toMatchObject({ result: 'accepted' });
    });
  }, 120_000);

  it('refuses the now non-empty target without --force and changes nothing', async () => {
    const before = await targetState();
    const fileBefore = engine === 'sqlite' ? sha256(targetFile()) : '';
    const result = await restore(targetUrl, backupFile);
    expect(result.code, result.output).toBe(1);
    expect(result.output).toMatch(/is not empty \(\d+ tables; 1 directory user, [\d,]+ audit events, 1 PIN state\): nothing was changed/);
    expect(result.output).toContain('add --force');
    expect(await targetState()).toEqual(before);
    if (engine === 'sqlite') expect(sha256(targetFile())).toBe(fileBefore);
    // The logon after the restore is still there: the backup was not restored over it.
    expect(before.events).toBeGreaterThan(backedUpEvents);
  }, 120_000);

  it.runIf(engine === 'sqlite')(
    'refuses to restore over a SQLite file another process has open, even with --force',
    async () => {
      await withTarget(async (handle) => {
        await handle.db.directoryUser.count();
        const result = await restore(targetUrl, '--force', backupFile);
        expect(result.code, result.output).toBe(1);
        expect(result.output).toContain(`is open in process ${process.pid}`);
        expect(result.output).toContain('stop every PinDesk server and job runner');
      });
    },
    120_000,
  );

  it('with --force replaces the target by the backup', async () => {
    const result = await restore(targetUrl, '--force', backupFile);
    expect(result.code, result.output).toBe(0);
    expect(result.output).toMatch(/\(replaced: 1 directory user/);
    await withTarget(async (handle) => {
      expect(await handle.db.auditEvent.count()).toBe(backedUpEvents);
      expect(await verifyAuditTrail(handle.db)).toMatchObject({ ok: true, checked: backedUpEvents });
      expect(await logon(handle)).toMatchObject({ result: 'accepted' });
    });
  }, 120_000);

  it("refuses the other engine's backup, a missing file and a file that is no backup, changing nothing", async () => {
    const before = await targetState();
    const other = path.join(work, engine === 'sqlite' ? 'other.dump' : 'other.db');
    if (engine === 'sqlite') {
      fs.writeFileSync(other, Buffer.concat([Buffer.from('PGDMP', 'latin1'), Buffer.alloc(64)]));
    } else {
      const db = new Database(other);
      db.exec('CREATE TABLE t (x)');
      db.close();
    }
    const wrongEngine = await restore(targetUrl, '--force', other);
    expect(wrongEngine.code, wrongEngine.output).toBe(1);
    const [mine, theirs] = engine === 'sqlite' ? ['SQLite', 'PostgreSQL'] : ['PostgreSQL', 'SQLite'];
    expect(wrongEngine.output).toContain(`${other} is a ${theirs} backup, but DATABASE_URL names a ${mine} database: nothing was changed.`);

    const missing = path.join(work, 'no-such.backup');
    const absent = await restore(targetUrl, missing);
    expect(absent.code, absent.output).toBe(2);
    expect(absent.output).toContain(`The backup file ${missing} does not exist`);

    const text = path.join(work, 'notes.txt');
    fs.writeFileSync(text, 'not a backup');
    const notBackup = await restore(targetUrl, '--force', text);
    expect(notBackup.code, notBackup.output).toBe(2);
    expect(notBackup.output).toContain('is not a backup made by npm run db:backup');

    const usage = await restore(targetUrl, '--frce', backupFile);
    expect(usage.code, usage.output).toBe(2);
    expect(usage.output).toContain('Unknown option --frce');

    expect(await targetState()).toEqual(before);
  }, 120_000);

  it.runIf(engine === 'postgresql')(
    'says which client package to install when pg_dump is missing or older than the server',
    async () => {
      const client = await connectPostgres(databaseTarget(sourceUrl) as Extract<ReturnType<typeof databaseTarget>, { provider: 'postgresql' }>);
      const serverMajor = await postgresServerMajor(client).finally(() => client.end());
      const bin = path.join(work, 'old-bin');
      fs.mkdirSync(bin);
      for (const tool of ['pg_dump', 'pg_restore']) {
        fs.writeFileSync(path.join(bin, tool), `#!/bin/sh\necho "${tool} (PostgreSQL) 9.6.24"\n`, { mode: 0o755 });
      }
      const destination = path.join(work, 'never-written.backup');

      const old = await run(sourceUrl, ['db:backup', '--', destination], { env: { PATH: `${bin}:${process.env.PATH}` } });
      expect(old.code, old.output).toBe(1);
      expect(old.output).toContain(`${path.join(bin, 'pg_dump')} is version 9.6, older than the PostgreSQL ${serverMajor} server`);
      expect(old.output).toContain(`apt-get install postgresql-client-${serverMajor}`);
      expect(old.output).not.toContain(PASSWORD);

      // No pg_dump anywhere on PATH (node is started directly: npm lives beside pg_dump).
      const empty = path.join(work, 'empty-bin');
      fs.mkdirSync(empty);
      const none = await run(sourceUrl, ['--import', 'tsx', 'scripts/db-backup.ts', destination], { command: process.execPath, env: { PATH: empty } });
      expect(none.code, none.output).toBe(1);
      expect(none.output).toContain('pg_dump was not found on PATH');
      expect(none.output).toContain(`postgresql-client-${serverMajor}`);
      expect(none.output).not.toContain(PASSWORD);
      expect(fs.existsSync(destination)).toBe(false);
      expect(fs.readdirSync(work).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    },
    120_000,
  );
});
