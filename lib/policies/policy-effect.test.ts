import { describe, expect, it } from 'vitest';
import { policyDefaults } from '../pin/policy';
import type { PinPolicy } from '../pin/types';
import { describePolicyEffect, type PopulationCounts } from './policy-effect';

const policy = (identity: string, changes: Partial<PinPolicy> = {}): PinPolicy => ({
  identity,
  scope: identity === 'global' ? 'global' : identity.startsWith('site:') ? 'site' : 'user',
  ...policyDefaults,
  ...changes,
});
const counts = (changes: Partial<PopulationCounts> = {}): PopulationCounts => ({
  users: 0,
  withPin: 0,
  shorterThan: 0,
  expiredUnder: 0,
  expiredNow: 0,
  ...changes,
});

describe('describePolicyEffect', () => {
  it('says how many users have PINs shorter than a longer minimum, and that they keep working', () => {
    const before = policy('site:Redmond');
    expect(
      describePolicyEffect({
        kind: 'update',
        changes: [{ before, after: { ...before, minPasswordLength: 10 }, population: counts({ users: 2000, withPin: 1500, shorterThan: 983 }) }],
      }),
    ).toEqual([
      'site:Redmond governs 2,000 users (1,500 with a PIN).',
      '983 users have PINs shorter than 10 digits; they keep working and must use 10 digits next time.',
    ]);
  });

  it('adds up several policies for Edit selected and names none shorter when there are none', () => {
    const a = policy('site:Redmond', { minPasswordLength: 6 });
    const b = policy('site:Dublin', { minPasswordLength: 12 });
    const effect = describePolicyEffect({
      kind: 'update',
      changes: [
        { before: a, after: { ...a, minPasswordLength: 10 }, population: counts({ users: 3, withPin: 2, shorterThan: 1 }) },
        { before: b, after: { ...b, minPasswordLength: 10 }, population: counts({ users: 4, withPin: 4, shorterThan: 4 }) },
      ],
    });
    // Dublin's minimum goes down: its users are not counted as "shorter".
    expect(effect).toEqual([
      'These 2 policies govern 7 users (6 with a PIN).',
      '1 user has a PIN shorter than 10 digits; they keep working and must use 10 digits next time.',
      'New PINs may be as short as 10 digits; existing PINs are not affected.',
    ]);
    expect(describePolicyEffect({ kind: 'update', changes: [{ before: a, after: { ...a, minPasswordLength: 8 }, population: counts({ users: 5 }) }] })[1]).toBe(
      'No user has a PIN shorter than 8 digits.',
    );
  });

  it('counts PINs that a shorter lifetime expires at once, and expired PINs a longer one revives', () => {
    const before = policy('global', { pinLifetime: 90, pinHistoryCount: 1 });
    const shorter = describePolicyEffect({
      kind: 'update',
      changes: [{ before, after: { ...before, pinLifetime: 30 }, population: counts({ users: 10, withPin: 8, expiredUnder: 5, expiredNow: 2 }) }],
    });
    expect(shorter).toContain('PINs expire 30 days after they are set.');
    expect(shorter).toContain('3 users have PINs older than that; they expire at once and cannot dial in until a new PIN is set.');
    const never = describePolicyEffect({
      kind: 'update',
      changes: [{ before, after: { ...before, pinLifetime: 0 }, population: counts({ users: 10, withPin: 8, expiredNow: 2 }) }],
    });
    expect(never).toEqual(['global governs 10 users (8 with a PIN).', 'PINs no longer expire.', '2 users with an expired PIN can dial in with it again.']);
  });

  it('describes history, common patterns, the logon limit and description-only edits', () => {
    const before = policy('tag:Finance');
    const population = counts({ users: 1, withPin: 1 });
    const effect = describePolicyEffect({
      kind: 'update',
      changes: [{ before, after: { ...before, pinHistoryCount: 3, allowCommonPatterns: true, maximumLogonAttempts: 25 }, population }],
    });
    expect(effect).toEqual([
      'tag:Finance governs 1 user (1 with a PIN).',
      'Self-service changes may not reuse the last 3 PINs; current PINs keep working.',
      'New PINs may use common patterns (such as 1234 or 1111).',
      'The local logon limit becomes 25 failed attempts at once for 1 user with a PIN.',
    ]);
    expect(describePolicyEffect({ kind: 'update', changes: [{ before, after: { ...before, description: 'x' }, population }] })[1]).toBe(
      'Only the description changes; no user is affected.',
    );
    expect(describePolicyEffect({ kind: 'update', changes: [{ before, after: before, population }] })[1]).toBe('Nothing changes.');
  });

  it('says where a deleted policy’s users fall back and what the fallback changes; global is reset', () => {
    const finance = policy('tag:Finance', { minPasswordLength: 4 });
    const global = policy('global', { minPasswordLength: 8 });
    const effect = describePolicyEffect({
      kind: 'remove',
      removals: [
        {
          before: finance,
          fallbacks: [
            { identity: 'global', minPasswordLength: 5, pinLifetime: 0, users: 4, withPin: 4, shorterThan: 2, expiredUnder: 0, expiredNow: 0 },
            { identity: 'site:Redmond', minPasswordLength: 10, pinLifetime: 30, users: 8, withPin: 6, shorterThan: 6, expiredUnder: 1, expiredNow: 0 },
          ],
        },
      ],
      resets: [{ before: global, after: { ...global, minPasswordLength: 5 }, population: counts({ users: 3, withPin: 3 }) }],
    });
    expect(effect).toEqual([
      'Deleting tag:Finance: its 12 users (10 with a PIN) fall back to global (4) and site:Redmond (8).',
      "2 users have PINs shorter than global's 5 digits; they keep working and must use 5 digits next time.",
      "6 users have PINs shorter than site:Redmond's 10 digits; they keep working and must use 10 digits next time.",
      "1 user has a PIN older than their new policy's PINLifetime; they expire at once and cannot dial in until a new PIN is set.",
      'global cannot be deleted; it is reset to the defaults.',
      'global governs 3 users (3 with a PIN).',
      'New PINs may be as short as 5 digits; existing PINs are not affected.',
    ]);
    expect(describePolicyEffect({ kind: 'remove', removals: [{ before: finance, fallbacks: [] }], resets: [] })).toEqual([
      'Deleting tag:Finance: it governs no user.',
    ]);
  });

  it('does not let one fallback’s expiries cancel another’s revivals', () => {
    const finance = policy('tag:Finance', { pinLifetime: 60 });
    const fallback = { minPasswordLength: 5, users: 50, withPin: 50, shorterThan: 0 };
    const effect = describePolicyEffect({
      kind: 'remove',
      removals: [
        {
          before: finance,
          fallbacks: [
            { ...fallback, identity: 'global', pinLifetime: 0, expiredUnder: 0, expiredNow: 3 },
            { ...fallback, identity: 'site:Redmond', pinLifetime: 30, expiredUnder: 6, expiredNow: 3 },
          ],
        },
      ],
      resets: [],
    });
    expect(effect.slice(1)).toEqual([
      "3 users have PINs older than their new policy's PINLifetime; they expire at once and cannot dial in until a new PIN is set.",
      '3 users with an expired PIN can dial in with it again.',
    ]);
  });

  it('says whom a new site policy takes over from global, and that a per-user one governs nobody yet', () => {
    const global = policy('global', { minPasswordLength: 5 });
    const tokyo = policy('site:Tokyo', { minPasswordLength: 8 });
    expect(
      describePolicyEffect({
        kind: 'create',
        identity: 'site:Tokyo',
        change: { before: global, after: tokyo, population: counts({ users: 40, withPin: 30, shorterThan: 12 }) },
      }),
    ).toEqual([
      'site:Tokyo governs 40 users (30 with a PIN).',
      'They move from global to site:Tokyo.',
      '12 users have PINs shorter than 8 digits; they keep working and must use 8 digits next time.',
    ]);
    expect(describePolicyEffect({ kind: 'create', identity: 'tag:Finance', change: null })).toEqual([
      'tag:Finance governs nobody until it is assigned to users (Assign policy on the Users page).',
    ]);
  });
});
