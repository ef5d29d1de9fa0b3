/**
 * Counts lockouts and sign-ins from the audit events as they are written (lib/db/audit-writer.ts
 * calls this on every path that appends to the trail), so no use case needs its own counter
 * and the metrics say what the audit trail says. Counted once written, before the commit: a
 * transaction that then rolls back (rare: a conflict) has been counted once too many.
 */
import type { AuditEventInput } from '../pin/types';
import { metrics } from './metrics';

const SIGN_IN_REASONS = new Set([
  'wrong-password',
  'unknown-account',
  'account-disabled',
  'rate-limited',
  'local-accounts-off',
  'no-password',
  'directory-unavailable',
  'not-in-directory',
  'no-user-claim',
  'bad-state',
  'bad-nonce',
  'bad-pkce',
  'wrong-issuer',
  'wrong-audience',
  'expired-token',
  'bad-signature',
  'provider-error',
  'provider-unreachable',
  'invalid-response',
]);
const SIGN_IN_METHODS = new Set(['local', 'directory', 'oidc']);

const label = (value: string) => value.replace(/-/g, '_');

export function countAuditEvents(events: readonly AuditEventInput[]): void {
  for (const event of events) {
    const details = event.details ?? {};
    switch (event.action) {
      case 'pin.logon':
        if (details.lockTriggered === 'temporary' || details.lockTriggered === 'system') metrics().lockouts.inc({ kind: details.lockTriggered });
        break;
      case 'pin.locked':
        if (details.alreadyLocked !== true) metrics().lockouts.inc({ kind: 'admin' });
        break;
      case 'auth.signed_in':
      case 'auth.sign_in_failed': {
        const method = typeof details.method === 'string' && SIGN_IN_METHODS.has(details.method) ? details.method : 'password';
        const reason = typeof details.reason === 'string' ? (SIGN_IN_REASONS.has(details.reason) ? label(details.reason) : 'other') : '';
        metrics().signIns.inc({ outcome: event.outcome, method, reason });
        break;
      }
    }
  }
}
