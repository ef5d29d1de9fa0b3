import { describe, expect, it } from 'vitest';
import { countUsers, lockChangeMessage, lockedMessage, pinLockedNotice, pinSetMessage, policyAssignedMessage, unlockedMessage } from './messages';

const ken = { displayName: 'Ken Myer' };

describe('PIN action messages', () => {
  it.each([
    ['lock, one user not locked before', lockedMessage(ken, false), 'Locked the PIN of Ken Myer.'],
    ['lock, one user already locked', lockedMessage(ken, true), "Ken Myer's PIN was already locked."],
    ['lock, one user, state unknown', lockedMessage(ken), 'Locked the PIN of Ken Myer.'],
    ['lock, many', lockedMessage({ count: 3 }), 'Locked the PIN of 3 users.'],
    ['unlock, one user locked before', unlockedMessage(ken, true), 'Unlocked the PIN of Ken Myer.'],
    ['unlock, one user not locked', unlockedMessage(ken, false), "Ken Myer's PIN was not locked."],
    ['unlock, many', unlockedMessage({ count: 1234 }), 'Unlocked the PIN of 1,234 users.'],
    ['unlock, a count of one is still a count', unlockedMessage({ count: 1 }), 'Unlocked the PIN of 1 user.'],
    [
      'action result, one user unlocked',
      lockChangeMessage('unlock', { count: 1, user: { displayName: 'Ken Myer', wasLocked: true } }),
      'Unlocked the PIN of Ken Myer.',
    ],
    [
      'action result, one user not locked',
      lockChangeMessage('unlock', { count: 1, user: { displayName: 'Ken Myer', wasLocked: false } }),
      "Ken Myer's PIN was not locked.",
    ],
    ['action result, many locked', lockChangeMessage('lock', { count: 2 }), 'Locked the PIN of 2 users.'],
    ['set', pinSetMessage('Ken Myer'), 'The PIN of Ken Myer was set. It is shown only now, to you.'],
    ['assign, one', policyAssignedMessage('tag:RedmondUsersPinPolicy', ken), 'Assigned tag:RedmondUsersPinPolicy to Ken Myer.'],
    ['assign, many', policyAssignedMessage('<Automatic>', { count: 2 }), 'Assigned <Automatic> to 2 users.'],
    ['locked notice', pinLockedNotice('Ken Myer'), "Ken Myer's PIN is locked."],
    ['count of zero', countUsers(0), '0 users'],
  ])('%s', (_name, actual, expected) => {
    expect(actual).toBe(expected);
  });
});
