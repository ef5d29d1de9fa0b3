/**
 * The logon audit group commit's pacing (lib/db/group-commit.ts): a batch waits for more
 * events only while others are coming, at most maxWaitMs, and no longer once fullBatch are
 * pending. Writes are counted at the SQL executor: one statement or transaction each.
 */
import { describe, expect, it } from 'vitest';
import type { SqlExecutor } from '../../lib/db/executor';
import type { GroupCommitPacing } from '../../lib/db/group-commit';
import { createPinStore } from '../../lib/db/pin-store';
import type { AuditEventInput } from '../../lib/pin/types';
import { admin, db, handle, target } from './helpers';

function pacedStore(pacing: GroupCommitPacing) {
  let writes = 0;
  const executor: SqlExecutor = {
    query: (statement, options) => {
      writes++;
      return handle.executor.query(statement, options);
    },
    execute: (statement, options) => {
      writes++;
      return handle.executor.execute(statement, options);
    },
    transaction: (fn) => {
      writes++;
      return handle.executor.transaction(fn);
    },
  };
  return { store: createPinStore({ ...handle, executor }, { auditPacing: pacing }), writes: () => writes };
}

const event = (name: string): AuditEventInput => ({
  at: Date.now(),
  actor: admin,
  action: 'test.paced',
  target: { type: 'user', id: null, name },
  outcome: 'success',
});
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const stored = (names: string[]) => db.auditEvent.count({ where: { action: 'test.paced', targetName: { in: names } } });

describe(`logon audit pacing on ${target.provider}`, () => {
  it('waits for events still coming and writes them in one batch', async () => {
    const { store, writes } = pacedStore({ othersComing: () => true, maxWaitMs: 400, fullBatch: 100 });
    const started = performance.now();
    const first = store.appendAudit(event('paced-a1'));
    await pause(50);
    const second = store.appendAudit(event('paced-a2'));
    await Promise.all([first, second]);
    expect(writes()).toBe(1);
    expect(performance.now() - started).toBeGreaterThanOrEqual(390);
    expect(await stored(['paced-a1', 'paced-a2'])).toBe(2);
  });

  it('writes at once when a full batch is pending, however long it could still wait', async () => {
    const { store, writes } = pacedStore({ othersComing: () => true, maxWaitMs: 60_000, fullBatch: 3 });
    const names = ['paced-b1', 'paced-b2', 'paced-b3'];
    const appended: Promise<void>[] = [];
    for (const name of names) {
      appended.push(store.appendAudit(event(name)));
      await pause(20);
    }
    await Promise.all(appended);
    expect(writes()).toBe(1);
    expect(await stored(names)).toBe(3);
  });

  it('does not wait when nothing else is coming', async () => {
    const { store, writes } = pacedStore({ othersComing: () => false, maxWaitMs: 60_000, fullBatch: 100 });
    await store.appendAudit(event('paced-c1'));
    await store.appendAudit(event('paced-c2'));
    expect(writes()).toBe(2);
    expect(await stored(['paced-c1', 'paced-c2'])).toBe(2);
  });
});
