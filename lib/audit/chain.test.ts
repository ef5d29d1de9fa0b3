import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, isKeyedHash, KEYED_HASH_PREFIX, keyedRowHash, needsSwitchOver, plainRowHash, type ChainedAuditContent } from './chain';
import { verifyAuditChain, type StoredAuditRow } from './verify';

const key = Buffer.alloc(32, 'unit-chain-key');
const otherKey = Buffer.alloc(32, 'someone-elses-key');

const content = (i: number, action = 'test.event'): ChainedAuditContent => ({
  at: new Date(Date.UTC(2026, 11, 4, 12, 0, i)).toISOString(),
  actorType: 'user',
  actorId: 'admin-1',
  actorName: 'Admin',
  action,
  targetType: 'user',
  targetId: `u${i}`,
  targetName: `user ${i}`,
  sourceAddress: '10.0.0.1',
  userAgent: 'vitest',
  outcome: 'success',
  details: JSON.stringify({ i }),
});

/** Rows as the writers chain them: `plain` rows first (as before the upgrade), then keyed ones. */
function trail(plain: number, keyed: number, options: { switchOver?: boolean } = {}): StoredAuditRow[] {
  const rows: StoredAuditRow[] = [];
  let prev = GENESIS_HASH;
  const push = (c: ChainedAuditContent, hash: string) => {
    rows.push({ ...c, id: rows.length + 1, prevHash: prev, hash });
    prev = hash;
  };
  for (let i = 0; i < plain; i++) push(content(i), plainRowHash(prev, content(i)));
  if (plain > 0 && keyed > 0 && (options.switchOver ?? true))
    push(content(plain, 'audit.chain_keyed'), keyedRowHash(key, prev, content(plain, 'audit.chain_keyed')));
  for (let i = 0; i < keyed; i++) push(content(100 + i), keyedRowHash(key, prev, content(100 + i)));
  return rows;
}

async function* iterate(rows: StoredAuditRow[]) {
  yield* rows;
}

const headOf = (rows: StoredAuditRow[]) => (rows.length ? { lastId: rows.at(-1)!.id, lastHash: rows.at(-1)!.hash } : null);
const verify = (rows: StoredAuditRow[], withKey = key) => verifyAuditChain(iterate(rows), headOf(rows), withKey);

describe('row hashes', () => {
  it('plain rows hash as before the upgrade: SHA-256 of the previous hash, a NUL and the fields', () => {
    const c = content(1);
    const expected = createHash('sha256')
      .update(GENESIS_HASH)
      .update('\u0000')
      .update(JSON.stringify([c.at, 'user', 'admin-1', 'Admin', 'test.event', 'user', 'u1', 'user 1', '10.0.0.1', 'vitest', 'success', '{"i":1}']))
      .digest('hex');
    expect(plainRowHash(GENESIS_HASH, c)).toBe(expected);
  });

  it('keyed rows depend on the key, carry the scheme prefix, and differ from the plain hash', () => {
    const c = content(1);
    const keyed = keyedRowHash(key, GENESIS_HASH, c);
    expect(keyed.startsWith(KEYED_HASH_PREFIX)).toBe(true);
    expect(keyed).toMatch(/^hmac-sha256:[0-9a-f]{64}$/);
    expect(keyedRowHash(otherKey, GENESIS_HASH, c)).not.toBe(keyed);
    expect(keyed.slice(KEYED_HASH_PREFIX.length)).not.toBe(plainRowHash(GENESIS_HASH, c));
    expect(isKeyedHash(keyed)).toBe(true);
    expect(isKeyedHash(plainRowHash(GENESIS_HASH, c))).toBe(false);
  });

  it('a switch-over is needed after a plain head only; an empty trail begins keyed', () => {
    expect(needsSwitchOver(GENESIS_HASH)).toBe(false);
    expect(needsSwitchOver(plainRowHash(GENESIS_HASH, content(1)))).toBe(true);
    expect(needsSwitchOver(keyedRowHash(key, GENESIS_HASH, content(1)))).toBe(false);
  });
});

describe('verifyAuditChain', () => {
  it('accepts a trail keyed from its first row', async () => {
    expect(await verify(trail(0, 5))).toEqual({ ok: true, checked: 5, plainThrough: null });
  });

  it('accepts a plain prefix, the switch-over, then keyed rows, and says where the plain part ends', async () => {
    expect(await verify(trail(4, 3))).toEqual({ ok: true, checked: 8, plainThrough: 4 });
  });

  it('refuses a trail with the right key missing', async () => {
    expect(await verify(trail(0, 3), otherKey)).toMatchObject({ ok: false, brokenAt: 1 });
  });

  it('detects a keyed row edited and re-hashed without the key (plain SHA-256 or another key)', async () => {
    for (const rehash of [
      (prev: string, c: ChainedAuditContent) => plainRowHash(prev, c),
      (prev: string, c: ChainedAuditContent) => keyedRowHash(otherKey, prev, c),
    ]) {
      const rows = trail(2, 4);
      const victim = rows[4];
      victim.outcome = 'failure';
      victim.hash = rehash(victim.prevHash, victim);
      // The forger also relinks every later row, as someone rewriting history would.
      for (let i = 5; i < rows.length; i++) {
        rows[i].prevHash = rows[i - 1].hash;
        rows[i].hash = rehash(rows[i].prevHash, rows[i]);
      }
      expect(await verify(rows)).toMatchObject({ ok: false, brokenAt: victim.id });
    }
  });

  it('detects a whole trail rewritten with plain hashes (the switch-over removed): nothing is keyed', async () => {
    const keyed = trail(3, 3);
    const rewritten = trail(6, 0);
    expect((await verify(keyed)).ok).toBe(true);
    const verdict = await verify(rewritten);
    expect(verdict).toMatchObject({ ok: false, brokenAt: null });
    expect(verdict.ok || verdict.reason).toMatch(/none of the 6 events is keyed with AUDIT_CHAIN_KEY/);
  });

  it('refuses a switch-over that was not written with the key', async () => {
    const rows = trail(2, 2);
    const switchOver = rows[2];
    switchOver.hash = plainRowHash(switchOver.prevHash, switchOver);
    expect(await verify(rows)).toMatchObject({ ok: false, brokenAt: 3 });
  });

  it('refuses a plain row after keyed ones, even one claiming to be a switch-over', async () => {
    const rows = trail(0, 3);
    const forged = { ...content(50, 'audit.chain_keyed'), id: 4, prevHash: rows[2].hash, hash: '' };
    forged.hash = plainRowHash(forged.prevHash, forged);
    expect(await verify([...rows, forged])).toMatchObject({ ok: false, brokenAt: 4 });
  });

  it('notices a deleted row and a deleted tail against the head', async () => {
    const rows = trail(2, 4);
    expect(await verify(rows.filter((r) => r.id !== 3))).toMatchObject({ ok: false, brokenAt: 4 });
    const head = headOf(rows);
    expect(await verifyAuditChain(iterate(rows.slice(0, 5)), head, key)).toMatchObject({ ok: false, brokenAt: 5 });
  });
});
