/**
 * Password sign-in for the control panel and the self-service page — a directory user's password
 * checked by a bind to their LDAP source (lib/auth/directory-bind.ts), anyone else's against
 * PinDesk's own hash (break-glass accounts; AUTH_LOCAL_ACCOUNTS=0 turns those off) — rate limited per
 * account and per source address (across instances, in the database), one generic answer
 * for every failure, every outcome audited. What was typed as the email is stored only
 * masked (lib/pin/typed-mask.ts) unless it names an account: it may be a pasted password.
 */
import { findAccountBySignInName, findAccountNameBySignInName } from '../db/accounts';
import type { DbHandle } from '../db/client';
import { clearRequests, countRequest, refundRequest } from '../db/window-counters';
import { counterWindows } from '../db/window-counter-sweep';
import type { PinStore } from '../pin/store';
import type { TypedTextMask } from '../pin/typed-mask';
import { hasUnusableCharacter } from '../validation/text';
import { replaceDerivedRoles } from '../db/role-assignments';
import type { DirectoryBind } from './directory-bind';
import { burnPasswordVerify, verifyPassword } from './password';

export const SIGN_IN_WINDOW_MS = counterWindows.signIn.windowMs;
/** Failed attempts allowed per account and per source address in one window. */
export const SIGN_IN_LIMIT_PER_ACCOUNT = 10;
export const SIGN_IN_LIMIT_PER_ADDRESS = Number(process.env.SIGN_IN_LIMIT_PER_ADDRESS ?? 100);
const MAX_EMAIL = 254;
const MAX_PASSWORD = 1024;

export type SignInUser = { id: string; displayName: string; upn: string };
export type SignInOutcome =
  { ok: true; user: SignInUser } | { ok: false; reason: 'invalid' } | { ok: false; reason: 'rate-limited'; retryAfterSeconds: number };

export type SignInDeps = {
  handle: DbHandle;
  store: PinStore;
  maskTyped: TypedTextMask;
  /** Checks the password of a user from an LDAP source by a bind as them. */
  directoryBind: DirectoryBind;
  /** AUTH_LOCAL_ACCOUNTS: whether PinDesk's own passwords (break-glass accounts) sign in. */
  localAccounts: boolean;
};

/** How an account's password is checked: by its directory, by PinDesk's own hash, or not at all. */
function passwordCheckOf(user: { passwordHash: string | null; source: { kind: string } | null }, localAccounts: boolean) {
  if (user.source?.kind === 'ldap') return 'directory';
  if (user.passwordHash) return localAccounts ? 'local' : 'local-accounts-off';
  return 'no-password';
}

export async function authenticate(
  deps: SignInDeps,
  input: { email: unknown; password: unknown; sourceAddress: string; userAgent: string },
): Promise<SignInOutcome> {
  const email = typeof input.email === 'string' ? input.email.trim().toLowerCase() : '';
  const password = typeof input.password === 'string' ? input.password : '';
  const context = { sourceAddress: input.sourceAddress, userAgent: input.userAgent };
  // Oversized or empty input, or an email no account can have (a NUL would fail PostgreSQL's
  // lookup), is refused before any lookup or hash: it is never a real account.
  if (!email || !password || email.length > MAX_EMAIL || password.length > MAX_PASSWORD || hasUnusableCharacter(email)) {
    return { ok: false, reason: 'invalid' };
  }
  // Every attempt is counted *before* the password is checked (so a parallel burst cannot
  // get more guesses than the limit); a successful one is given back afterwards.
  // The counter's key holds the email's mask, not the email: the rate table is no place for a pasted password either.
  // One counter per account whichever name it was typed as (UPN, SIP address, domain\logon):
  // three ways to name an account must not give three times the guesses.
  const known = await findAccountNameBySignInName(deps.handle.db, email);
  const accountKey = `${counterWindows.signIn.prefix}account:${known ? `id:${known.id}` : deps.maskTyped(email)}`;
  const addressKey = `${counterWindows.signIn.prefix}address:${input.sourceAddress || 'unknown'}`;
  const [perAccount, perAddress] = await Promise.all([
    countRequest(deps.handle, accountKey, SIGN_IN_WINDOW_MS),
    countRequest(deps.handle, addressKey, SIGN_IN_WINDOW_MS),
  ]);
  if (perAccount.count > SIGN_IN_LIMIT_PER_ACCOUNT || perAddress.count > SIGN_IN_LIMIT_PER_ADDRESS) {
    await audit(deps, email, context, 'denied', { reason: 'rate-limited' }, known);
    return { ok: false, reason: 'rate-limited', retryAfterSeconds: Math.max(perAccount.retryAfterSeconds, perAddress.retryAfterSeconds) };
  }
  const user = await findAccountBySignInName(deps.handle.db, email);
  const check = user ? passwordCheckOf(user, deps.localAccounts) : 'unknown-account';
  if (!user || !user.enabled || (check !== 'local' && check !== 'directory')) {
    await burnPasswordVerify(password);
    await audit(deps, email, context, 'failure', { reason: !user ? 'unknown-account' : !user.enabled ? 'account-disabled' : check }, user);
    return { ok: false, reason: 'invalid' };
  }
  if (check === 'local' && !(await verifyPassword(user.passwordHash!, password))) {
    await audit(deps, email, context, 'failure', { reason: 'wrong-password' }, user);
    return { ok: false, reason: 'invalid' };
  }
  if (check === 'directory') {
    const bind = await deps.directoryBind({ sourceId: user.source!.id, distinguishedName: user.distinguishedName }, password);
    if (!bind.ok) {
      await audit(deps, email, context, 'failure', { reason: bind.reason }, user);
      return { ok: false, reason: 'invalid' };
    }
    if (bind.roles)
      await replaceDerivedRoles(deps.handle.db, user.id, 'group', bind.roles, { actor: { type: 'user', id: user.id, name: user.displayName }, context });
  }
  await Promise.all([clearRequests(deps.handle, accountKey), refundRequest(deps.handle, addressKey)]);
  await audit(deps, email, context, 'success', { method: check }, user);
  return { ok: true, user: { id: user.id, displayName: user.displayName, upn: user.upn } };
}

/** `account`: the account the typed name names (UPN, SIP address or domain\\logon), or null when it names none. */
function audit(
  deps: SignInDeps,
  email: string,
  context: { sourceAddress: string; userAgent: string },
  outcome: 'success' | 'failure' | 'denied',
  details: Record<string, unknown>,
  account: { id: string; displayName: string } | null,
) {
  const name = account ? email.slice(0, 254) : deps.maskTyped(email);
  // The account is the actor when its own password was checked; a disabled or rate-limited
  // account's attempt stays anonymous, with the account as its target.
  const passwordChecked = outcome === 'success' || details.reason === 'wrong-password';
  return deps.store.appendAudit({
    at: Date.now(),
    actor: account && passwordChecked ? { type: 'user', id: account.id, name: account.displayName } : { type: 'anonymous', name },
    action: outcome === 'success' ? 'auth.signed_in' : 'auth.sign_in_failed',
    target: { type: 'account', id: account?.id ?? null, name },
    context,
    outcome,
    details,
  });
}
