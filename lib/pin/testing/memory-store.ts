/**
 * An in-memory PinStore for unit tests of lib/pin: no database. Transactions snapshot the
 * whole state and restore it on error, which is what the real stores guarantee.
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
    policies: new Map([[GLOBAL_POLICY, { identity: GLOBAL_POLICY, scope: 'global', ...policyDefaults } as PinPolicy], ...(seed.policies ?? []).map((p) => [p.identity, p] as const)]),
    states: new Map(),
    history: new Map(),
    audit: [],
  };
  let queue: Promise<unknown> = Promise.resolve();

  const state = (userId: string) => data.states.get(userId) ?? emptyPinState;

  const reader = {
    async findUsers(query: IdentityQuery, limit: number) {
      return data.users.filter((u) => matchesIdentity(u, query)).slice(0, limit);
    },
    async findCallers(query: CallerQuery, limit: number) {
      return data.users.filter((u) => matchesCaller(u, query)).slice(0, limit);
    },
    async findLogonCandidates(query: CallerQuery, limit: number) {
      return data.users
        .filter((u) => matchesCaller(u, query))
        .slice(0, limit)
        .map((user) => ({
          user,
          state: data.states.get(user.id) ?? null,
          policies: [...data.policies.values()].filter((p) => p.identity === user.grantedPolicy || p.identity === `site:${user.siteName}` || p.scope === 'global'),
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
      return [...data.policies.values()];
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
      data.history.set(userId, (data.history.get(userId) ?? []).map((h) => (h === previousHash ? hash : h)));
    },
    async setAdminLock(userId: string, at: number, by: string) {
      data.states.set(userId, { ...state(userId), adminLockedAt: at, adminLockedBy: by });
    },
    async unlock(userId: string) {
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
    async createPolicy(policy: PinPolicy) {
      data.policies.set(policy.identity, policy);
    },
    async updatePolicy(policy: PinPolicy) {
      data.policies.set(policy.identity, policy);
    },
    async deletePolicy(identity: string) {
      data.policies.delete(identity);
      data.users = data.users.map((u) => (u.grantedPolicy === identity ? { ...u, grantedPolicy: null } : u));
    },
    async grantPolicy(userIds: string[], identity: string | null) {
      data.users = data.users.map((u) => (userIds.includes(u.id) ? { ...u, grantedPolicy: identity } : u));
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
      return user.distinguishedName.toLowerCase() === query.distinguishedName.toLowerCase();
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
