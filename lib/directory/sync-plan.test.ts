import { describe, expect, it } from 'vitest';
import type { DirectoryEntry } from './entry';
import { changeAction, newRunClaims, planBatch, type KeyHolder, type StoredUser } from './sync-plan';

const GUID = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

function entry(n: number, overrides: Partial<DirectoryEntry> = {}): DirectoryEntry {
  return {
    externalId: GUID(n),
    displayName: `User ${n}`,
    firstName: 'User',
    lastName: String(n),
    samAccountName: `user${n}`,
    domain: 'LITWAREINC',
    upn: `user${n}@litwareinc.com`,
    sipAddress: `sip:user${n}@litwareinc.com`,
    lineUri: `tel:+1425555${String(n).padStart(4, '0')}`,
    otherPhones: [],
    distinguishedName: `CN=User ${n},OU=Finance,DC=litwareinc,DC=com`,
    title: '',
    department: 'Finance',
    office: '',
    city: '',
    site: null,
    enabled: true,
    ...overrides,
  };
}

const stored = (e: DirectoryEntry, removedAt: number | null = null): StoredUser => ({ ...e, id: `id-${e.externalId}`, removedAt });
const holderOf = (user: StoredUser): KeyHolder => ({ ...user });
const storedMap = (...users: StoredUser[]) => new Map(users.map((u) => [u.externalId, u]));

describe('planBatch', () => {
  it('creates new entries, leaves equal ones alone and lists the changed fields', () => {
    const same = stored(entry(1));
    const moved = stored(entry(2));
    const actions = planBatch({
      entries: [entry(1), entry(2, { distinguishedName: 'CN=User 2,OU=Sales,DC=litwareinc,DC=com', department: 'Sales' }), entry(3)],
      stored: storedMap(same, moved),
      holders: [holderOf(same), holderOf(moved)],
      claims: newRunClaims(),
    });
    expect(actions.map((a) => a.kind)).toEqual(['unchanged', 'change', 'create']);
    expect(actions[1]).toMatchObject({ kind: 'change', fields: ['distinguishedName', 'department'], restore: false });
  });

  it('names a disable, an enable and a restore by what happened', () => {
    const on = stored(entry(1));
    const off = stored(entry(2, { enabled: false }));
    const gone = stored(entry(3), 1_000);
    const actions = planBatch({
      entries: [entry(1, { enabled: false }), entry(2), entry(3)],
      stored: storedMap(on, off, gone),
      holders: [],
      claims: newRunClaims(),
    });
    const names = actions.map((a) => (a.kind === 'change' ? changeAction(a) : a.kind));
    expect(names).toEqual(['directory_user.disabled', 'directory_user.enabled', 'directory_user.restored']);
  });

  it('compares other phone numbers in order', () => {
    const user = stored(entry(1, { otherPhones: ['+1 425 555 0100', '+1 425 555 0101'] }));
    const [action] = planBatch({
      entries: [entry(1, { otherPhones: ['+1 425 555 0101', '+1 425 555 0100'] })],
      stored: storedMap(user),
      holders: [],
      claims: newRunClaims(),
    });
    expect(action).toMatchObject({ kind: 'change', fields: ['otherPhones'] });
  });

  it('skips an entry whose SIP address, UPN, DN or account name another user holds, as a conflict', () => {
    const other = stored(entry(9));
    const cases: Partial<DirectoryEntry>[] = [
      { sipAddress: 'sip:USER9@litwareinc.com' },
      { upn: 'User9@litwareinc.com' },
      { distinguishedName: 'cn=user 9,ou=finance,dc=litwareinc,dc=com' },
      { samAccountName: 'USER9' },
    ];
    for (const overrides of cases) {
      const [action] = planBatch({ entries: [entry(1, overrides)], stored: new Map(), holders: [holderOf(other)], claims: newRunClaims() });
      expect(action).toMatchObject({ kind: 'skip', conflict: true, problem: { externalId: GUID(1) } });
      if (action.kind === 'skip') expect(action.problem.reason).toContain('already belongs to User 9');
    }
  });

  it('lets a user keep its own names', () => {
    const user = stored(entry(1));
    const [action] = planBatch({ entries: [entry(1, { title: 'Controller' })], stored: storedMap(user), holders: [holderOf(user)], claims: newRunClaims() });
    expect(action).toMatchObject({ kind: 'change', fields: ['title'] });
  });

  it('skips the second entry of a run with the same key or the same SIP address, across batches', () => {
    const claims = newRunClaims();
    planBatch({ entries: [entry(1)], stored: new Map(), holders: [], claims });
    const [twice, sameSip] = planBatch({
      entries: [entry(1, { title: 'x' }), entry(2, { sipAddress: 'sip:user1@litwareinc.com' })],
      stored: new Map(),
      holders: [],
      claims,
    });
    expect(twice).toMatchObject({ kind: 'skip', conflict: false, problem: { reason: expect.stringContaining('lists it twice') } });
    expect(sameSip).toMatchObject({ kind: 'skip', problem: { reason: expect.stringContaining('SIP address is also on CN=User 1') } });
  });

  it('skips an entry that cannot be taken, with the reason, and claims nothing for it', () => {
    const claims = newRunClaims();
    const [bad] = planBatch({ entries: [entry(1, { lineUri: 'tel:12' })], stored: new Map(), holders: [], claims });
    expect(bad).toMatchObject({
      kind: 'skip',
      conflict: false,
      problem: { entry: 'CN=User 1,OU=Finance,DC=litwareinc,DC=com', reason: expect.stringContaining('malformed') },
    });
    const [good] = planBatch({ entries: [entry(1)], stored: new Map(), holders: [], claims });
    expect(good.kind).toBe('create');
  });
});
