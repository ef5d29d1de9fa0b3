/**
 * What the REST API and the `pindesk` CLI (local mode) can do, bound to one caller. Every
 * operation is the lib/pin use case or lib/db query the pages run — this file only adds the
 * cmdlet-shaped objects and -WhatIf, which runs the same checks as the change (user lookup,
 * PIN rules, lock state, policy ranges) and stops before writing anything.
 * Permissions are checked by the caller (route guard, or the local operator's shell access).
 */
import type { DbHandle } from '../db/client';
import { searchUsers } from '../db/user-search';
import {
  activeLock,
  assertPolicySettings,
  assertValidPin,
  generatePin,
  getPinInfo,
  getPinPolicy,
  grantPinPolicy,
  loadEffectivePolicy,
  loadUser,
  lockPin,
  newPinPolicy,
  parsePolicyIdentity,
  PinError,
  policyDefaults,
  removePinPolicy,
  setPin,
  setPinPolicy,
  unlockPin,
  type Actor,
  type PinDeps,
  type RequestContext,
} from '../pin';
import { filterPolicies, parsePolicyIdentityFilter } from '../policies/policy-filter';
import type { FilterClause, UserSearch } from '../users/search-params';
import {
  toCsClientPinInfo,
  toCsPinPolicy,
  toCsUser,
  toPolicySettings,
  type CsClientPinInfo,
  type CsPinPolicy,
  type CsPinSetResult,
  type CsPolicyChanges,
  type CsUser,
  type WhatIfResult,
} from './objects';

export type UserQuery = { q: string; filters: FilterClause[]; max: number; page: number };
export type UserPage = { users: CsUser[]; total: number; truncated: boolean; page: number; pages: number };

/** The operations, in both modes of the CLI (local: this service; remote: the REST API, which runs this service). */
export type PinDeskClient = {
  getUsers(query: UserQuery): Promise<UserPage>;
  getPinInfo(identity: string): Promise<CsClientPinInfo>;
  setPin(input: { identity: string; pin?: string; whatIf?: boolean }): Promise<CsPinSetResult | WhatIfResult>;
  lockPin(input: { identity: string; whatIf?: boolean }): Promise<CsClientPinInfo | WhatIfResult>;
  unlockPin(input: { identity: string; whatIf?: boolean }): Promise<CsClientPinInfo | WhatIfResult>;
  getPolicies(input: { identity?: string; filter?: string }): Promise<CsPinPolicy[]>;
  newPolicy(input: { identity: string; settings: CsPolicyChanges; whatIf?: boolean }): Promise<CsPinPolicy | WhatIfResult>;
  setPolicy(input: { identity: string; changes: CsPolicyChanges; whatIf?: boolean }): Promise<CsPinPolicy | WhatIfResult>;
  removePolicy(input: { identity: string; whatIf?: boolean }): Promise<{ Identity: string; Reset: boolean } | WhatIfResult>;
  grantPolicy(input: { identity: string; policy: string | null; whatIf?: boolean }): Promise<{ Identity: string; PolicyName: string | null } | WhatIfResult>;
};

export type ServiceCaller = { actor: Actor; context?: RequestContext };

const whatIf = (text: string): WhatIfResult => ({ WhatIf: `What if: ${text}` });

export function createScriptingService(deps: PinDeps, handle: DbHandle, caller: ServiceCaller): PinDeskClient {
  const change = { actor: caller.actor, context: caller.context };

  async function assertNotLocked(userId: string) {
    const state = await deps.store.getPinState(userId);
    const lock = state ? activeLock(state, deps.clock.now()) : null;
    if (lock) throw new PinError('PIN_LOCKED', 'This PIN is locked. Unlock the PIN before setting a new one.', { lockKind: lock.kind });
  }

  return {
    async getUsers(query) {
      const search: UserSearch = { q: query.q, filters: query.filters, max: query.max, page: query.page };
      const result = await searchUsers(handle, search);
      return { users: result.rows.map(toCsUser), total: result.total, truncated: result.truncated, page: result.page, pages: result.pages };
    },

    async getPinInfo(identity) {
      return toCsClientPinInfo(await getPinInfo(deps, { user: { identity } }));
    },

    async setPin({ identity, pin, whatIf: dryRun }) {
      if (dryRun) {
        const user = await loadUser(deps.store, { identity });
        if (pin !== undefined) assertValidPin(pin, (await loadEffectivePolicy(deps.store, user)).policy, user);
        await assertNotLocked(user.id);
        return whatIf(
          `Performing the operation "Set-CsClientPin" on target "${user.sipAddress}" (${pin === undefined ? 'a generated PIN' : 'the given PIN'}).`,
        );
      }
      const result =
        pin === undefined ? await generatePin(deps, { user: { identity }, ...change }) : await setPin(deps, { user: { identity }, pin, ...change });
      return pin === undefined ? { Identity: result.user.sipAddress, Pin: result.pin, IsPinSet: true } : { Identity: result.user.sipAddress, IsPinSet: true };
    },

    async lockPin({ identity, whatIf: dryRun }) {
      if (dryRun) return whatIf(`Performing the operation "Lock-CsClientPin" on target "${(await loadUser(deps.store, { identity })).sipAddress}".`);
      return toCsClientPinInfo(await lockPin(deps, { user: { identity }, ...change }));
    },

    async unlockPin({ identity, whatIf: dryRun }) {
      if (dryRun) return whatIf(`Performing the operation "Unlock-CsClientPin" on target "${(await loadUser(deps.store, { identity })).sipAddress}".`);
      return toCsClientPinInfo(await unlockPin(deps, { user: { identity }, ...change }));
    },

    async getPolicies({ identity, filter }) {
      if (identity !== undefined && identity.trim() !== '') return [toCsPinPolicy(await getPinPolicy(deps, identity))];
      const identityFilter = parsePolicyIdentityFilter(filter ?? '');
      const all = await deps.store.listPolicies();
      return filterPolicies(all, { identity: identityFilter, comparisons: [] }).map(toCsPinPolicy);
    },

    async newPolicy({ identity, settings, whatIf: dryRun }) {
      if (dryRun) {
        const parsed = parsePolicyIdentity(identity);
        if (parsed.scope === 'global')
          throw new PinError('POLICY_EXISTS', 'The global policy always exists and cannot be created: change it with Set instead.');
        assertPolicySettings({ ...policyDefaults, ...toPolicySettings(settings) });
        if (parsed.scope === 'site' && !(await deps.store.siteExists(parsed.name))) {
          throw new PinError('SITE_NOT_FOUND', `There is no site named "${parsed.name}": a site policy needs an existing site.`, { field: 'Identity' });
        }
        if ((await deps.store.getPolicies([parsed.identity])).length > 0)
          throw new PinError('POLICY_EXISTS', `A PIN policy "${parsed.identity}" already exists: edit it instead.`);
        return whatIf(`Performing the operation "New-CsPinPolicy" on target "${parsed.identity}".`);
      }
      return toCsPinPolicy(await newPinPolicy(deps, { identity, settings: toPolicySettings(settings), ...change }));
    },

    async setPolicy({ identity, changes, whatIf: dryRun }) {
      if (dryRun) {
        const before = await getPinPolicy(deps, identity);
        assertPolicySettings({ ...before, ...toPolicySettings(changes) });
        return whatIf(`Performing the operation "Set-CsPinPolicy" on target "${before.identity}".`);
      }
      return toCsPinPolicy(await setPinPolicy(deps, { identity, changes: toPolicySettings(changes), ...change }));
    },

    async removePolicy({ identity, whatIf: dryRun }) {
      const parsed = parsePolicyIdentity(identity);
      if (dryRun) {
        if (parsed.scope !== 'global') await getPinPolicy(deps, parsed.identity);
        return whatIf(`Performing the operation "${parsed.scope === 'global' ? 'Reset' : 'Remove'}-CsPinPolicy" on target "${parsed.identity}".`);
      }
      const { reset } = await removePinPolicy(deps, { identity, ...change });
      return { Identity: parsed.identity, Reset: reset };
    },

    async grantPolicy({ identity, policy, whatIf: dryRun }) {
      const user = await loadUser(deps.store, { identity });
      const policyIdentity = policy === null || policy.trim() === '' ? null : parsePolicyIdentity(policy).identity;
      if (dryRun) {
        if (policyIdentity !== null) {
          const found = await getPinPolicy(deps, policyIdentity);
          if (found.scope !== 'user')
            throw new PinError(
              'POLICY_INVALID',
              `Only per-user policies can be granted; "${found.identity}" applies by ${found.scope === 'site' ? 'site' : 'default'}.`,
            );
        }
        return whatIf(`Performing the operation "Grant-CsPinPolicy" on target "${user.sipAddress}" (policy ${policyIdentity ?? '<Automatic>'}).`);
      }
      await grantPinPolicy(deps, { users: [{ userId: user.id }], policy: policyIdentity, ...change });
      return { Identity: user.sipAddress, PolicyName: policyIdentity };
    },
  };
}
