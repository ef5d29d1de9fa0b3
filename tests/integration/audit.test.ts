/**
 * The audit trail's tamper evidence and streamed export, on a database of its own (rows are
 * edited and deleted here).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type DbHandle } from '../../lib/db/client';
import { databaseTarget } from '../../lib/db/database-url';
import { auditCsvStream } from '../../lib/db/audit-export';
import { verifyAuditTrail } from '../../lib/db/audit-log';
import { createPinStore } from '../../lib/db/pin-store';
import { freshPostgresDatabase } from '../../scripts/test-databases';
import { admin, target } from './helpers';

const run = promisify(execFile);
const tsx = path.join(process.cwd(), 'node_modules', '.bin', 'tsx');
let url = '';
let handle: DbHandle;

beforeAll(async () => {
  url =
    target.provider === 'sqlite'
      ? `file:${path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pindesk-audit-')), 'audit.db')}`
      : await freshPostgresDatabase('pindesk_audit_check');
  await run(tsx, ['scripts/migrate.ts'], { env: { ...process.env, DATABASE_URL: url } });
  handle = createDb(databaseTarget(url));
});
afterAll(async () => handle?.db.$disconnect());

async function append(count: number) {
  const store = createPinStore(handle);
  await Promise.all(
    Array.from({ length: count }, (_, i) =>
      store.appendAudit({
        at: Date.now(),
        actor: admin,
        action: 'test.event',
        target: { type: 'user', id: `u${i}`, name: `user ${i}` },
        context: { sourceAddress: '10.0.0.1', userAgent: 'vitest' },
        outcome: 'success',
        details: { i },
      }),
    ),
  );
}

const verifyScript = () =>
  run(tsx, ['scripts/audit-verify.ts'], { env: { ...process.env, DATABASE_URL: url } }).then(
    (r) => ({ code: 0, out: r.stdout + r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout + e.stderr }),
  );

describe(`audit trail on ${target.provider}`, () => {
  it('is intact after concurrent appends, and npm run audit:verify says so', async () => {
    await append(60);
    expect(await verifyAuditTrail(handle.db)).toEqual({ ok: true, checked: 60, plainThrough: null });
    const { code, out } = await verifyScript();
    expect(code).toBe(0);
    expect(out).toContain('60 events checked');
  });

  it('stays one chain when several writers append at once: group commits of two instances and use-case transactions', async () => {
    // Two app instances are two connections on PostgreSQL. On SQLite they would be two
    // processes (one connection each, serialized by the file lock); in one process a second
    // connection would wait on the first inside a synchronous busy handler, so both writers
    // share this handle's connection here.
    const others = target.provider === 'postgresql' ? [createDb(databaseTarget(url)), createDb(databaseTarget(url))] : [handle, handle];
    try {
      const before = await handle.db.auditEvent.count();
      const [first, second] = others.map((h) => createPinStore(h));
      const viaTransactions = createPinStore(handle);
      const event = (name: string) => ({
        at: Date.now(),
        actor: admin,
        action: 'test.writers',
        target: { type: 'user', id: null, name },
        outcome: 'success' as const,
        details: {},
      });
      for (let round = 0; round < 3; round++) {
        await Promise.all([
          ...Array.from({ length: 40 }, (_, i) => first.appendAudit(event(`first ${round}-${i}`))),
          ...Array.from({ length: 40 }, (_, i) => second.appendAudit(event(`second ${round}-${i}`))),
          ...Array.from({ length: 5 }, (_, i) => viaTransactions.transaction((tx) => tx.appendAudit(event(`tx ${round}-${i}`)))),
        ]);
      }
      const rows = await handle.db.auditEvent.findMany({ where: { action: 'test.writers' }, select: { targetName: true } });
      expect(rows).toHaveLength(3 * 85);
      expect(new Set(rows.map((r) => r.targetName)).size).toBe(3 * 85);
      expect(await handle.db.auditEvent.count()).toBe(before + 3 * 85);
      expect(await verifyAuditTrail(handle.db)).toEqual({ ok: true, checked: before + 3 * 85, plainThrough: null });
    } finally {
      if (target.provider === 'postgresql') await Promise.all(others.map((h) => h.db.$disconnect()));
    }
  });

  it('names the row that was edited', async () => {
    const victim = await handle.db.auditEvent.findFirstOrThrow({ where: { targetName: 'user 7' } });
    await handle.db.auditEvent.update({ where: { id: victim.id }, data: { outcome: 'failure' } });
    expect(await verifyAuditTrail(handle.db)).toMatchObject({ ok: false, brokenAt: victim.id });
    const { code, out } = await verifyScript();
    expect(code).toBe(1);
    expect(out).toContain(`event #${victim.id}`);
    await handle.db.auditEvent.update({ where: { id: victim.id }, data: { outcome: 'success' } });
    expect((await verifyAuditTrail(handle.db)).ok).toBe(true);
  });

  it('names the row after one that was deleted, and notices a deleted tail', async () => {
    const rows = await handle.db.auditEvent.findMany({ orderBy: { id: 'asc' } });
    await handle.db.auditEvent.delete({ where: { id: rows[20].id } });
    expect(await verifyAuditTrail(handle.db)).toMatchObject({ ok: false, brokenAt: rows[21].id });
    const { out } = await verifyScript();
    expect(out).toContain(`event #${rows[21].id}`);
    await handle.db.auditEvent.deleteMany({ where: { id: { gte: rows[20].id } } });
    const tail = await verifyAuditTrail(handle.db);
    expect(tail).toMatchObject({ ok: false, brokenAt: rows[19].id });
    expect(tail.ok || tail.reason).toMatch(/deleted/);
  });

  it('streams a 100,000-event CSV export with flat memory', async () => {
    await handle.db.auditEvent.deleteMany();
    await handle.db.auditChainHead.deleteMany();
    // 100,000 rows through the real writer, 2,000 per batch.
    const store = createPinStore(handle);
    for (let batch = 0; batch < 50; batch++) {
      await Promise.all(
        Array.from({ length: 2000 }, (_, i) =>
          store.appendAudit({
            at: Date.now(),
            actor: admin,
            action: 'test.bulk',
            target: { type: 'user', id: null, name: `bulk ${batch}-${i}` },
            outcome: 'success',
            details: { note: 'x'.repeat(120) },
          }),
        ),
      );
    }
    // Retained memory, not garbage: collect before each sample (vitest runs this with --expose-gc).
    const gc = (globalThis as { gc?: () => void }).gc;
    expect(gc, 'run with --expose-gc (vitest.config.ts)').toBeTypeOf('function');
    gc!();
    const baseline = process.memoryUsage().heapUsed;
    let peak = 0;
    let bytes = 0;
    let lines = 0;
    let chunks = 0;
    const reader = auditCsvStream(handle.db, {}).getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      for (const b of value) if (b === 10) lines++;
      if (++chunks % 20 === 0) {
        gc!();
        peak = Math.max(peak, process.memoryUsage().heapUsed - baseline);
      }
    }
    console.log(`CSV export: ${(bytes / 1e6).toFixed(1)} MB, peak retained heap growth ${(peak / 1e6).toFixed(1)} MB`);
    expect(lines).toBe(100_001);
    // The whole export is tens of MB; what is held at any moment is a small fraction of it.
    expect(bytes).toBeGreaterThan(25_000_000);
    expect(peak).toBeLessThan(bytes / 5);
  }, 300_000);
});
