/**
 * Equal work for every rejected caller (issue 18 item 12): a PIN logon for an unknown
 * identity — or for a user whose PIN is unset or locked — runs the same database statements
 * as a wrong PIN for a known user (lookup, claim, audit event), so the time an answer takes
 * tells nothing. Counted at the store's direct line to the database, on both engines.
 */
import { describe, expect, it } from 'vitest';
import { createPinStore } from '../../lib/db/pin-store';
import type { DirectSql } from '../../lib/db/direct-sql';
import type { RawClient } from '../../lib/db/raw-sql';
import { lockPin, setPin, verifyPinLogon } from '../../lib/pin';
import { admin, countingHasher, createUser, handle, store as plainStore, target } from './helpers';

/** The direct line, writing down the first keyword of every statement (inside transactions too). */
function recordingDirect(inner: DirectSql): { direct: DirectSql; take(): string[] } {
  let log: string[] = [];
  const kind = (sql: string) => sql.trim().split(/\s+/)[0].toUpperCase();
  const recorded = (tx: RawClient): RawClient => ({
    $queryRawUnsafe: (sql, ...args) => (log.push(kind(sql)), tx.$queryRawUnsafe(sql, ...args)),
    $executeRawUnsafe: (sql, ...args) => (log.push(kind(sql)), tx.$executeRawUnsafe(sql, ...args)),
  });
  return {
    direct: {
      query: (sql, args) => (log.push(kind(sql)), inner.query(sql, args)),
      transaction: (fn) => (log.push('BEGIN'), inner.transaction((tx) => fn(recorded(tx)))),
    },
    take: () => {
      const taken = log;
      log = [];
      return taken;
    },
  };
}

const recorder = recordingDirect(handle.direct);
const store = createPinStore({ ...handle, direct: recorder.direct });
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
