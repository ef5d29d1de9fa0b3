/**
 * An in-memory PinStore for unit tests of lib/pin: no database. Transactions snapshot the
 * whole state and restore it on error, which is what the real stores guarantee. The store
 * contract (tests/contract/pin-store-contract.ts) holds it to what the database store
 * answers, order and failures included.
 */
import { claimAttempt, settleSuccess } from '../lockout';
import type { CallerQuery, IdentityQuery } from '../identity';
import { GLOBAL_POLICY, policyDefaults } from '../policy';
import type { PinStore, PinStoreTx } from '../store';
import { matchWildcard } from '../../validation/wildcard';
import { emptyPinState, type AuditEventInput, type DirectoryUserRecord, type PinPolicy, type PinStateRecord } from '../types';

export type MemoryData = {
  users: DirectoryUserRecord[];
  sites: string[];
  policies: Map<string, PinPolicy>;
  states: Map<string, PinStateRecord>;
  history: Map<string, string[]>;
  audit: AuditEventInput[];
};

const HISTORY_KEPT = 20;

export function createMemoryStore(seed: { users?: DirectoryUserRecord[]; sites?: string[]; policies?: PinPolicy[] } = {}) {
  let data: MemoryData = {
    users: seed.users ?? [],
    sites: seed.sites ?? [],
    policies: new Map([
      [GLOBAL_POLICY, { identity: GLOBAL_POLICY, scope: 'global', ...policyDefaults } as PinPolicy],
      ...(seed.policies ?? []).map((p) => [p.identity, p] as const),
    ]),
    states: new Map(),
    history: new Map(),
    audit: [],
  };
  let queue: Promise<unknown> = Promise.resolve();

  const state = (userId: string) => data.states.get(userId) ?? emptyPinState;
  /** Matching users in the database's order (display name, then id), at most `limit`. */
  const select = (matches: (user: DirectoryUserRecord) => boolean, limit: number) => data.users.filter(matches).sort(byDisplayOrder).slice(0, limit);

  const reader = {
    async findUsers(query: IdentityQuery, limit: number) {
      return select((u) => matchesIdentity(u, query), limit);
    },
    async findCallers(query: CallerQuery, limit: number) {
      return select((u) => matchesCaller(u, query), limit);
    },
    async findLogonCandidates(query: CallerQuery, limit: number) {
      return select((u) => matchesCaller(u, query), limit).map((user) => ({
        user,
        state: data.states.get(user.id) ?? null,
        // Granted, site, global: the order the database store answers in.
        policies: [user.grantedPolicy, user.siteName === null ? null : `site:${user.siteName}`, GLOBAL_POLICY]
          .map((identity) => (identity === null ? undefined : data.policies.get(identity)))
          .filter((p): p is PinPolicy => p !== undefined),
      }));
    },
    async getPinState(userId: string) {
      return data.states.get(userId) ?? null;
    },
    async getPinHistory(userId: string, count: number) {
      return (data.history.get(userId) ?? []).slice(0, count);
    },
    async getPolicies(identities: string[]) {
      return identities.map((id) => data.policies.get(id)).filter((p): p is PinPolicy => p !== undefined);
    },
    async listPolicies() {
      return [...data.policies.values()].sort((a, b) => compareText(a.identity, b.identity));
    },
    async siteExists(name: string) {
      return data.sites.includes(name);
    },
    async countUsersGoverned(identity: string) {
      return data.users.filter((u) =>
        identity.startsWith('tag:')
          ? u.grantedPolicy === identity
          : identity.startsWith('site:')
            ? !u.grantedPolicy && `site:${u.siteName}` === identity
            : // global: users governed by neither a grant nor a policy of their site
              !u.grantedPolicy && !(u.siteName !== null && data.policies.has(`site:${u.siteName}`)),
      ).length;
    },
  };

  const writer = {
    async savePin(userId: string, pin: { hash: string; length: number; setAt: number; method: PinStateRecord['pinSetMethod']; setBy: string }) {
      data.states.set(userId, {
        ...state(userId),
        pinHash: pin.hash,
        pinLength: pin.length,
        pinSetAt: pin.setAt,
        pinSetMethod: pin.method,
        pinSetBy: pin.setBy,
        systemLockedAt: null,
        lockedUntil: null,
        windowStart: null,
        localFailures: 0,
        globalFailures: 0,
      });
      data.history.set(userId, [pin.hash, ...(data.history.get(userId) ?? [])].slice(0, HISTORY_KEPT));
    },
    async replacePinHash(userId: string, previousHash: string, hash: string) {
      const s = state(userId);
      if (s.pinHash === previousHash) data.states.set(userId, { ...s, pinHash: hash });
      data.history.set(
        userId,
        (data.history.get(userId) ?? []).map((h) => (h === previousHash ? hash : h)),
      );
    },
    async setAdminLock(userId: string, at: number, by: string) {
      data.states.set(userId, { ...state(userId), adminLockedAt: at, adminLockedBy: by });
    },
    async unlock(userId: string) {
      // Only a stored state is changed: unlocking a user who never had one stores nothing.
      if (!data.states.has(userId)) return;
      data.states.set(userId, {
        ...state(userId),
        adminLockedAt: null,
        adminLockedBy: null,
        systemLockedAt: null,
        lockedUntil: null,
        windowStart: null,
        localFailures: 0,
        globalFailures: 0,
      });
    },
    // Like the database's unique key and its update or delete of a missing row, these fail
    // rather than create or ignore: the use cases check first, and a slip must show here too.
    async createPolicy(policy: PinPolicy) {
      if (data.policies.has(policy.identity)) throw new Error(`Memory store: PIN policy "${policy.identity}" already exists.`);
      data.policies.set(policy.identity, policy);
    },
    async updatePolicy(policy: PinPolicy) {
      if (!data.policies.has(policy.identity)) throw new Error(`Memory store: no PIN policy "${policy.identity}" to update.`);
      data.policies.set(policy.identity, policy);
    },
    async deletePolicy(identity: string) {
      if (!data.policies.delete(identity)) throw new Error(`Memory store: no PIN policy "${identity}" to delete.`);
      data.users = data.users.map((u) => (u.grantedPolicy === identity ? { ...u, grantedPolicy: null } : u));
    },
    async grantPolicy(userIds: string[], identity: string | null) {
      // A grant refers to a policy row: an identity without one grants none.
      const granted = identity !== null && data.policies.has(identity) ? identity : null;
      data.users = data.users.map((u) => (userIds.includes(u.id) ? { ...u, grantedPolicy: granted } : u));
    },
    async appendAudit(event: AuditEventInput) {
      data.audit.push(event);
    },
  };

  const store: PinStore & { data: () => MemoryData } = {
    ...reader,
    appendAudit: writer.appendAudit,
    async transaction<T>(fn: (tx: PinStoreTx) => Promise<T>): Promise<T> {
      const run = queue.then(async () => {
        const snapshot = structuredClone(data);
        try {
          return await fn({ ...reader, ...writer });
        } catch (error) {
          data = snapshot;
          throw error;
        }
      });
      queue = run.catch(() => undefined);
      return run;
    },
    async claimLogonAttempt(userId, now, limits) {
      const outcome = claimAttempt(state(userId), now, limits);
      if (!outcome) return null;
      data.states.set(userId, outcome.state);
      return outcome.claim;
    },
    async settleLogonSuccess(userId, now, claim) {
      data.states.set(userId, settleSuccess(state(userId), now, claim));
    },
    data: () => data,
  };
  return store;
}

/** Code-unit order, as SQLite's BINARY and PostgreSQL's C collation compare ASCII text. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function byDisplayOrder(a: DirectoryUserRecord, b: DirectoryUserRecord): number {
  return compareText(a.displayName.toLowerCase(), b.displayName.toLowerCase()) || compareText(a.id, b.id);
}

function matchesIdentity(user: DirectoryUserRecord, query: IdentityQuery): boolean {
  switch (query.kind) {
    case 'id':
      return user.id === query.id;
    case 'sip':
      return user.sipAddress.toLowerCase() === query.sipAddress;
    case 'sip-or-upn':
      return user.sipAddress.toLowerCase() === `sip:${query.value}` || user.upn.toLowerCase() === query.value;
    case 'account':
      return user.domain.toLowerCase() === query.domain && user.samAccountName.toLowerCase() === query.samAccountName;
    case 'dn':
      // As stored, case included (a plain equality on both engines).
      return user.distinguishedName === query.distinguishedName;
    case 'display-name': {
      return matchWildcard(query.pattern, user.displayName);
    }
  }
}

function matchesCaller(user: DirectoryUserRecord, query: CallerQuery): boolean {
  switch (query.kind) {
    case 'extension':
      return user.extension === query.extension;
    case 'phone': {
      const digits = user.lineUri.replace(/;ext=.*$/i, '').replace(/\D/g, '');
      return query.digits.includes(digits) && (query.extension === null || user.extension === query.extension);
    }
    case 'sip-or-upn':
      return user.sipAddress.toLowerCase() === `sip:${query.value}` || user.upn.toLowerCase() === query.value;
  }
}
