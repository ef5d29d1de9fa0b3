/**
 * Equal work for every rejected caller (issue 18 item 12): a PIN logon for an unknown
 * identity — or for a user whose PIN is unset or locked — runs the same database statements
 * as a wrong PIN for a known user (lookup, claim, audit event), so the time an answer takes
 * tells nothing. Counted at the store's SQL executor, on both engines.
 */
import { describe, expect, it } from 'vitest';
import { createPinStore } from '../../lib/db/pin-store';
import type { SqlClient, SqlExecutor } from '../../lib/db/executor';
import { lockPin, setPin, verifyPinLogon } from '../../lib/pin';
import { admin, countingHasher, createUser, handle, store as plainStore, target } from './helpers';

/** The executor, writing down the first keyword of every statement (inside transactions too). */
function recordingExecutor(inner: SqlExecutor): { executor: SqlExecutor; take(): string[] } {
  let log: string[] = [];
  const kind = (statement: { sql: string }) => statement.sql.trim().split(/\s+/)[0].toUpperCase();
  const recorded = (client: SqlClient): SqlClient => ({
    query: (statement, options) => (log.push(kind(statement)), client.query(statement, options)),
    execute: (statement, options) => (log.push(kind(statement)), client.execute(statement, options)),
  });
  return {
    executor: {
      ...recorded(inner),
      transaction: (fn) => (log.push('BEGIN'), inner.transaction((tx) => fn(recorded(tx)))),
    },
    take: () => {
      const taken = log;
      log = [];
      return taken;
    },
  };
}

const recorder = recordingExecutor(handle.executor);
const store = createPinStore({ ...handle, executor: recorder.executor });
const deps = { store, hasher: countingHasher(), clock: { now: () => Date.now() } };
const bridge = { type: 'bridge' as const, id: 'equal-work-bridge', name: 'Equal Work Bridge' };

async function statementsOf(identity: string, pin: string) {
  recorder.take();
  const result = await verifyPinLogon(deps, { identity, pin, actor: bridge });
  return { result, statements: recorder.take() };
}

describe(`equal work for rejected callers on ${target.provider}`, () => {
  it('an unknown identity, an unset PIN and a locked PIN cost the statements of a wrong PIN', async () => {
    const known = await createUser();
    await setPin({ ...deps, store: plainStore }, { user: { userId: known.id }, pin: '73915', actor: admin });
    const noPin = await createUser();
    const locked = await createUser();
    await setPin({ ...deps, store: plainStore }, { user: { userId: locked.id }, pin: '73915', actor: admin });
    await lockPin({ ...deps, store: plainStore }, { user: { userId: locked.id }, actor: admin });
    // The first write of a store finds the audit chain's head; measure the steady state.
    await statementsOf(known.extension, '11111');

    const wrong = await statementsOf(known.extension, '22222');
    expect(wrong.result).toMatchObject({ result: 'rejected', reason: 'wrong-pin' });
    expect(wrong.statements.length).toBeGreaterThanOrEqual(3);
    for (const [identity, reason] of [
      ['987654321', 'unknown-identity'],
      [noPin.extension, 'pin-not-set'],
      [locked.extension, 'locked-admin'],
    ]) {
      const rejected = await statementsOf(identity, '22222');
      expect(rejected.result).toMatchObject({ result: 'rejected', reason });
      expect({ reason, statements: rejected.statements }).toEqual({ reason, statements: wrong.statements });
    }
  });
});
