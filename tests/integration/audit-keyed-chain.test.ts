/**
 * The keyed audit chain (AUDIT_CHAIN_KEY) and its checkpoints, on a database of its own
 * (rows are forged, deleted and rewritten here, as someone with write access to the
 * database but without the key would).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { CHAIN_KEYED_ACTION, GENESIS_HASH, isKeyedHash, plainRowHash, type ChainedAuditContent } from '../../lib/audit/chain';
import { formatCheckpoint } from '../../lib/audit/checkpoint';
import { getAuditChainKey } from '../../lib/config/secrets';
import { chainHead, verifyAuditTrail } from '../../lib/db/audit-log';
import { appendChainedIfHead } from '../../lib/db/audit-writer';
import { createDb, type DbHandle } from '../../lib/db/client';
import { databaseTarget } from '../../lib/db/database-url';
import { createPinStore } from '../../lib/db/pin-store';
import { startServerAuditCheckpoints } from '../../lib/server/audit-checkpoints';
import { freshPostgresDatabase } from '../../scripts/test-databases';
import { admin, target } from './helpers';

const run = promisify(execFile);
const tsx = path.join(process.cwd(), 'node_modules', '.bin', 'tsx');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pindesk-keyed-'));
let url = '';
let handle: DbHandle;

beforeAll(async () => {
  url = target.provider === 'sqlite' ? `file:${path.join(tmp, 'keyed.db')}` : await freshPostgresDatabase('pindesk_audit_keyed');
  await run(tsx, ['scripts/migrate.ts'], { env: { ...process.env, DATABASE_URL: url } });
  handle = createDb(databaseTarget(url));
});
afterAll(async () => {
  await handle?.db.$disconnect();
  fs.rmSync(tmp, { recursive: true, force: true });
});
beforeEach(async () => {
  await handle.db.auditEvent.deleteMany();
  await handle.db.auditChainHead.deleteMany();
});

const event = (i: number) => ({
  at: Date.now(),
  actor: admin,
  action: 'test.keyed',
  target: { type: 'user', id: `u${i}`, name: `user ${i}` },
  context: { sourceAddress: '10.0.0.1', userAgent: 'vitest' },
  outcome: 'success' as const,
  details: { i },
});

async function append(count: number, store = createPinStore(handle)) {
  for (let i = 0; i < count; i++) await store.transaction((tx) => tx.appendAudit(event(i)));
}

const rowsInOrder = () => handle.db.auditEvent.findMany({ orderBy: { id: 'asc' } });

const contentOf = (row: Awaited<ReturnType<typeof rowsInOrder>>[number]): ChainedAuditContent => ({ ...row, at: row.at.toISOString() });

/** Rewrites rows from `fromIndex` on with plain SHA-256 and moves the head along: what someone without the key can do. */
async function rehashWithoutKey(fromIndex: number) {
  const rows = await rowsInOrder();
  let prev = fromIndex === 0 ? GENESIS_HASH : rows[fromIndex - 1].hash;
  for (const row of rows.slice(fromIndex)) {
    const hash = plainRowHash(prev, contentOf(row));
    await handle.db.auditEvent.update({ where: { id: row.id }, data: { prevHash: prev, hash } });
    prev = hash;
  }
  await handle.db.auditChainHead.update({ where: { id: 1 }, data: { lastHash: prev } });
}

/** Rows as PinDesk wrote them before the chain was keyed (plain SHA-256), with the head. */
async function legacyTrail(count: number) {
  let prev = GENESIS_HASH;
  let lastId = 0;
  for (let i = 0; i < count; i++) {
    const content: ChainedAuditContent = {
      at: new Date(Date.now() - 60_000 + i).toISOString(),
      actorType: 'user',
      actorId: admin.id,
      actorName: admin.name,
      action: 'legacy.event',
      targetType: 'user',
      targetId: `old${i}`,
      targetName: `old user ${i}`,
      sourceAddress: '10.0.0.2',
      userAgent: 'old',
      outcome: 'success',
      details: JSON.stringify({ i }),
    };
    const hash = plainRowHash(prev, content);
    const row = await handle.db.auditEvent.create({ data: { ...content, at: new Date(content.at), prevHash: prev, hash } });
    prev = hash;
    lastId = row.id;
  }
  await handle.db.auditChainHead.create({ data: { id: 1, lastId, lastHash: prev } });
  return { lastId, lastHash: prev };
}

const verifyScript = (...args: string[]) =>
  run(tsx, ['scripts/audit-verify.ts', ...args], { env: { ...process.env, DATABASE_URL: url } }).then(
    (r) => ({ code: 0, out: r.stdout + r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout + e.stderr }),
  );

function checkpointLog(...lines: string[]) {
  const file = path.join(tmp, `server-${Math.random().toString(36).slice(2)}.log`);
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

async function checkpointOfHead() {
  const head = await chainHead(handle.db);
  return formatCheckpoint(getAuditChainKey(), { lastId: head!.lastId, hash: head!.lastHash, at: new Date().toISOString() });
}

describe(`keyed audit chain on ${target.provider}`, () => {
  it('a database that starts empty is keyed from its first event, without a switch-over', async () => {
    await append(5);
    const rows = await rowsInOrder();
    expect(rows.every((r) => isKeyedHash(r.hash))).toBe(true);
    expect(rows.some((r) => r.action === CHAIN_KEYED_ACTION)).toBe(false);
    expect(await verifyAuditTrail(handle.db)).toEqual({ ok: true, checked: 5, plainThrough: null });
  });

  it('detects a row edited and its hash recomputed without the key, even with every later row and the head relinked', async () => {
    await append(8);
    const rows = await rowsInOrder();
    await handle.db.auditEvent.update({ where: { id: rows[4].id }, data: { outcome: 'failure' } });
    await rehashWithoutKey(4);
    expect(await verifyAuditTrail(handle.db)).toMatchObject({ ok: false, brokenAt: rows[4].id });
    const { code, out } = await verifyScript();
    expect(code).toBe(1);
    expect(out).toContain(`BROKEN at event #${rows[4].id}`);
  });

  it('detects the whole trail rewritten without the key (nothing keyed is left)', async () => {
    await append(4);
    await rehashWithoutKey(0);
    expect(await verifyAuditTrail(handle.db)).toMatchObject({ ok: false, brokenAt: null });
    const { code, out } = await verifyScript();
    expect(code).toBe(1);
    expect(out).toMatch(/NOT VERIFIED: none of the 4 events is keyed with AUDIT_CHAIN_KEY/);
  });

  it('keeps an old plain trail verifiable: plain prefix, one switch-over event, keyed rows — whichever writers append first', async () => {
    const legacy = await legacyTrail(5);
    // Several writers at once find the plain head; the head's lock lets exactly one write the switch-over.
    const others = target.provider === 'postgresql' ? [createDb(databaseTarget(url)), createDb(databaseTarget(url))] : [handle, handle];
    try {
      await Promise.all([...others.map((h) => createPinStore(h).appendAudit(event(100))), append(3, createPinStore(handle))]);
    } finally {
      if (target.provider === 'postgresql') await Promise.all(others.map((h) => h.db.$disconnect()));
    }
    const rows = await rowsInOrder();
    expect(rows).toHaveLength(5 + 1 + 5);
    const switchOver = rows[5];
    expect(switchOver).toMatchObject({ action: CHAIN_KEYED_ACTION, actorType: 'system', prevHash: legacy.lastHash });
    expect(rows.filter((r) => r.action === CHAIN_KEYED_ACTION)).toHaveLength(1);
    expect(rows.slice(0, 5).every((r) => !isKeyedHash(r.hash))).toBe(true);
    expect(rows.slice(5).every((r) => isKeyedHash(r.hash))).toBe(true);
    expect(await verifyAuditTrail(handle.db)).toEqual({ ok: true, checked: 11, plainThrough: legacy.lastId });
    const { code, out } = await verifyScript();
    expect(code).toBe(0);
    expect(out).toContain(`11 events checked; events up to #${legacy.lastId} were written before the chain was keyed`);
  });

  it('a plain trail that nothing keyed has written to yet is reported, not passed', async () => {
    await legacyTrail(3);
    const { code, out } = await verifyScript();
    expect(code).toBe(1);
    expect(out).toMatch(/none of the 3 events is keyed .*start it once, then verify again/);
  });

  it.runIf(target.provider === 'postgresql')('the compare-and-swap group commit writes the switch-over too when it finds a plain head', async () => {
    const legacy = await legacyTrail(2);
    const result = await appendChainedIfHead(handle.executor, legacy.lastHash, [event(1), event(2)]);
    expect(result.appended).toBe(true);
    const rows = await rowsInOrder();
    expect(rows.map((r) => r.action)).toEqual(['legacy.event', 'legacy.event', CHAIN_KEYED_ACTION, 'test.keyed', 'test.keyed']);
    expect(await verifyAuditTrail(handle.db)).toEqual({ ok: true, checked: 5, plainThrough: legacy.lastId });
  });
});

describe(`audit checkpoints on ${target.provider}`, () => {
  it('a tail cut back after a checkpoint, head and all, passes the chain check but not the checkpoint', async () => {
    await append(6);
    const checkpoint = await checkpointOfHead();
    const log = checkpointLog('PinDesk is listening on http://localhost:3000', `2026-12-04T12:00:00Z app[1]: ${checkpoint}`);
    expect(await verifyScript('--checkpoints', log)).toMatchObject({ code: 0, out: expect.stringContaining('Checkpoints: 1 found') });

    // Someone with write access removes the last two events and points the head at what is left.
    const rows = await rowsInOrder();
    await handle.db.auditEvent.deleteMany({ where: { id: { gt: rows[3].id } } });
    await handle.db.auditChainHead.update({ where: { id: 1 }, data: { lastId: rows[3].id, lastHash: rows[3].hash } });
    expect(await verifyAuditTrail(handle.db)).toMatchObject({ ok: true, checked: 4 });

    const { code, out } = await verifyScript('--checkpoints', log);
    expect(code).toBe(1);
    expect(out).toContain('Audit trail intact');
    expect(out).toMatch(new RegExp(`line 2: the checkpoint of .* names event #${rows[5].id}, which is missing: the trail was cut back after it`));
  });

  it('rejects a forged checkpoint: altered, or signed with another key', async () => {
    await append(3);
    const genuine = await checkpointOfHead();
    const rows = await rowsInOrder();
    const altered = genuine.replace(`"lastId":${rows[2].id}`, `"lastId":${rows[1].id}`).replace(rows[2].hash, rows[1].hash);
    const foreign = formatCheckpoint(Buffer.alloc(32, 'not-the-key'), { lastId: rows[2].id, hash: rows[2].hash, at: new Date().toISOString() });
    const { code, out } = await verifyScript('--checkpoints', checkpointLog(genuine, altered, foreign));
    expect(code).toBe(1);
    expect(out).toMatch(/line 2: a checkpoint that is not valid: its signature does not match/);
    expect(out).toMatch(/line 3: a checkpoint that is not valid: its signature does not match/);
    expect(out).not.toMatch(/line 1:/);
  });

  it('the server writes a signed checkpoint of the real head at start and at stop', async () => {
    const lines: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    try {
      const timer = startServerAuditCheckpoints(handle.db, { AUDIT_CHECKPOINT_MINUTES: '1' });
      await append(2);
      await timer.stop();
    } finally {
      spy.mockRestore();
    }
    const written = lines.filter((l) => l.includes('pindesk.audit_checkpoint'));
    expect(written).toHaveLength(2);
    const head = await chainHead(handle.db);
    expect(JSON.parse(written[1])).toMatchObject({ lastId: head!.lastId, hash: head!.lastHash });
    expect(await verifyScript('--checkpoints', checkpointLog(...written.map((l) => l.trimEnd())))).toMatchObject({ code: 0 });
    expect(() => startServerAuditCheckpoints(handle.db, { AUDIT_CHECKPOINT_MINUTES: 'often' })).toThrow(/AUDIT_CHECKPOINT_MINUTES must be a whole number/);
  });
});
