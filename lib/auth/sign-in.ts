/**
 * Password sign-in for the control panel and the self-service page: rate limited per
 * account and per source address (across instances, in the database), one generic answer
 * for every failure, every outcome audited.
 */
import type { DbHandle } from '../db/client';
import { clearRequests, countRequest, refundRequest } from '../db/rate-limits';
import type { PinStore } from '../pin/store';
import { burnPasswordVerify, verifyPassword } from './password';

export const SIGN_IN_WINDOW_MS = 15 * 60 * 1000;
/** Failed attempts allowed per account and per source address in one window. */
export const SIGN_IN_LIMIT_PER_ACCOUNT = 10;
export const SIGN_IN_LIMIT_PER_ADDRESS = Number(process.env.SIGN_IN_LIMIT_PER_ADDRESS ?? 100);
const MAX_EMAIL = 254;
const MAX_PASSWORD = 1024;

export type SignInUser = { id: string; displayName: string; upn: string };
export type SignInOutcome =
  | { ok: true; user: SignInUser }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'rate-limited'; retryAfterSeconds: number };

export async function authenticate(
  deps: { handle: DbHandle; store: PinStore },
  input: { email: unknown; password: unknown; sourceAddress: string; userAgent: string },
): Promise<SignInOutcome> {
  const email = typeof input.email === 'string' ? input.email.trim().toLowerCase() : '';
  const password = typeof input.password === 'string' ? input.password : '';
  const context = { sourceAddress: input.sourceAddress, userAgent: input.userAgent };
  // Oversized or empty input is refused before any lookup or hash: it is never a real account.
  if (!email || !password || email.length > MAX_EMAIL || password.length > MAX_PASSWORD) {
    return { ok: false, reason: 'invalid' };
  }
  // Every attempt is counted *before* the password is checked (so a parallel burst cannot
  // get more guesses than the limit); a successful one is given back afterwards.
  const accountKey = `signin:account:${email}`;
  const addressKey = `signin:address:${input.sourceAddress || 'unknown'}`;
  const [perAccount, perAddress] = await Promise.all([
    countRequest(deps.handle, accountKey, SIGN_IN_WINDOW_MS),
    countRequest(deps.handle, addressKey, SIGN_IN_WINDOW_MS),
  ]);
  if (perAccount.count > SIGN_IN_LIMIT_PER_ACCOUNT || perAddress.count > SIGN_IN_LIMIT_PER_ADDRESS) {
    await audit(deps.store, email, context, 'denied', { reason: 'rate-limited' }, null);
    return { ok: false, reason: 'rate-limited', retryAfterSeconds: Math.max(perAccount.retryAfterSeconds, perAddress.retryAfterSeconds) };
  }
  const user = await deps.handle.db.directoryUser.findUnique({
    where: { upn: email },
    select: { id: true, displayName: true, upn: true, enabled: true, passwordHash: true },
  });
  if (!user?.passwordHash || !user.enabled) {
    await burnPasswordVerify(password);
    await audit(deps.store, email, context, 'failure', { reason: user ? 'account-disabled' : 'unknown-account' }, null);
    return { ok: false, reason: 'invalid' };
  }
  if (!(await verifyPassword(user.passwordHash, password))) {
    await audit(deps.store, email, context, 'failure', { reason: 'wrong-password' }, user);
    return { ok: false, reason: 'invalid' };
  }
  await Promise.all([clearRequests(deps.handle, accountKey), refundRequest(deps.handle, addressKey)]);
  await audit(deps.store, email, context, 'success', {}, user);
  return { ok: true, user: { id: user.id, displayName: user.displayName, upn: user.upn } };
}

function audit(
  store: PinStore,
  email: string,
  context: { sourceAddress: string; userAgent: string },
  outcome: 'success' | 'failure' | 'denied',
  details: Record<string, unknown>,
  user: { id: string; displayName: string } | null,
) {
  return store.appendAudit({
    at: Date.now(),
    actor: user ? { type: 'user', id: user.id, name: user.displayName } : { type: 'anonymous', name: email.slice(0, 254) },
    action: outcome === 'success' ? 'auth.signed_in' : 'auth.sign_in_failed',
    target: { type: 'account', id: user?.id ?? null, name: email.slice(0, 254) },
    context,
    outcome,
    details,
  });
}
