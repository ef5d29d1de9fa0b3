/**
 * An audit event in words for the Audit page ("kenmyer@litwareinc.com's PIN was set by
 * PinDesk Admin", "PIN policy tag:Finance updated"): a help-desk agent reads what happened
 * without decoding `pin.set` and a JSON blob; the raw event stays one click away. Only fields
 * the row already holds are used, and the audit never holds a PIN or a secret. Pure.
 */
import { syncSummary } from '../directory/sync-summary';
import { possessive } from '../format/possessive';

import type { LogonRejectReason } from '../pin';

/** The parts of a stored audit row the sentence needs. */
export type AuditEventFacts = {
  action: string;
  actorType: string;
  actorName: string;
  targetType: string | null;
  targetName: string;
  outcome: string;
  details: string;
};

export type EventDescription = { who: string; what: string };

const actorKinds: Record<string, string> = { bridge: 'bridge', cli: 'pindesk CLI', system: 'system' };

/** The name a reader knows: a user's address without `sip:`. */
const nameOf = (target: string) => target.replace(/^sip:/i, '') || 'an unknown target';

function parseDetails(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text || '{}');
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const methodWords: Record<string, string> = {
  admin_set: 'set',
  admin_generated: 'generated',
  self_service: 'changed on the Dial-in page',
};
const lockWords: Record<string, string> = { admin: 'an administrator’s lock', system: 'a system lock', temporary: 'a temporary lockout' };
// Every reason verifyPinLogon audits (the satisfies clause fails the build when one is
// added there without words here), then those sign-in audits (lib/auth/sign-in.ts).
const logonReasonWords = {
  'wrong-pin': 'wrong PIN',
  'unknown-identity': 'unknown caller',
  'ambiguous-identity': 'more than one user matches',
  'user-disabled': 'account disabled',
  'pin-not-set': 'no PIN set',
  'pin-expired': 'PIN expired',
  'locked-admin': 'PIN locked by an administrator',
  'locked-system': 'PIN locked by the system',
  'locked-temporary': 'PIN temporarily locked out',
} satisfies Record<LogonRejectReason, string>;
const reasonWords: Record<string, string> = {
  ...logonReasonWords,
  'wrong-password': 'wrong password',
  'unknown-account': 'unknown account',
  'account-disabled': 'account disabled',
  'rate-limited': 'too many attempts',
  'local-accounts-off': 'local accounts are turned off',
  'no-password': 'the account has no password and no directory to check one',
  'directory-unavailable': 'the directory could not be reached',
  'not-in-directory': 'not in the directory',
  'no-user-claim': 'the identity provider did not name the account',
  'bad-state': 'forged or replayed response: state did not match',
  'bad-nonce': 'forged or replayed response: nonce did not match',
  'bad-pkce': 'PKCE check failed',
  'wrong-issuer': 'token from another issuer',
  'wrong-audience': 'token for another application',
  'expired-token': 'expired token',
  'bad-signature': 'token not signed by the identity provider',
  'provider-error': 'the identity provider refused',
  'provider-unreachable': 'the identity provider could not be reached',
  'invalid-response': 'invalid identity provider response',
};

const signInMethodWords: Record<string, string> = {
  oidc: 'through the identity provider',
  directory: 'with their directory password',
  local: 'with a PinDesk password',
};
const originWords: Record<string, string> = { group: 'directory groups', claim: 'sign-in claims' };
const roleList = (value: unknown) => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string').join(', ') : '');
const words = (value: unknown, table: Record<string, string>) => (typeof value === 'string' ? (table[value] ?? value.replace(/[-_]/g, ' ')) : null);
const count = (value: unknown, noun: string) => (typeof value === 'number' ? `${value.toLocaleString('en-US')} ${noun}${value === 1 ? '' : 's'}` : null);

const sourceOf = (details: Record<string, unknown>) => (typeof details.source === 'string' ? details.source : 'unknown');

const fieldWords: Record<string, string> = {
  displayName: 'display name',
  firstName: 'first name',
  lastName: 'last name',
  samAccountName: 'account name',
  upn: 'UPN',
  sipAddress: 'SIP address',
  lineUri: 'line URI',
  otherPhones: 'other phones',
  distinguishedName: 'DN (rename or OU move)',
};

/** ": display name, line URI" for the fields a sync changed. */
function fieldList(fields: unknown): string {
  if (!Array.isArray(fields) || fields.length === 0) return '';
  return `: ${fields
    .map((f) => (typeof f === 'string' ? (fieldWords[f] ?? f) : ''))
    .filter(Boolean)
    .join(', ')}`;
}

/** The run's counts as the Directory page says them (details hold the run's counts). */
function syncCounts(details: Record<string, unknown>): string {
  const n = (key: string) => (typeof details[key] === 'number' ? (details[key] as number) : 0);
  return syncSummary({
    created: n('created'),
    changed: n('changed'),
    unchanged: n('unchanged'),
    disabled: n('disabled'),
    removed: n('removed'),
    restored: n('restored'),
    deprovisioned: n('deprovisioned'),
    skipped: n('skipped'),
  });
}

function what(e: AuditEventFacts, by: string, details: Record<string, unknown>): string {
  const target = nameOf(e.targetName);
  const refused = e.outcome === 'denied' || e.outcome === 'failure';
  switch (e.action) {
    case 'pin.set':
      return `${possessive(target)} PIN was ${words(details.method, methodWords) ?? 'set'} by ${by}`;
    case 'pin.locked':
      return details.alreadyLocked ? `${possessive(target)} PIN was already locked; ${by} locked it again` : `${possessive(target)} PIN was locked by ${by}`;
    case 'pin.unlocked': {
      const lock = words(details.lockKind, lockWords);
      return lock ? `${possessive(target)} PIN was unlocked by ${by} (it had ${lock})` : `${possessive(target)} PIN was unlocked by ${by} (it was not locked)`;
    }
    case 'pin.logon': {
      if (e.outcome === 'success') return `${target} dialed in with their PIN`;
      const reason = words(details.reason, reasonWords);
      return `A PIN logon as ${target} was refused${reason ? ` (${reason})` : ''}`;
    }
    case 'pin.lockout_expired':
      return `${possessive(target)} temporary lockout ended`;
    case 'pin.dial_in_test_refused':
      return `A Dial-in test as ${target} was refused`;
    case 'pin_policy.created':
      return `PIN policy ${target} created`;
    case 'pin_policy.updated':
      return `PIN policy ${target} updated`;
    case 'pin_policy.removed':
      return `PIN policy ${target} deleted`;
    case 'pin_policy.reset':
      return `PIN policy ${target} reset to the defaults`;
    case 'pin_policy.granted': {
      const policy = typeof details.after === 'string' ? details.after : null;
      return policy ? `PIN policy ${policy} assigned to ${target}` : `${possessive(target)} per-user PIN policy removed (automatic)`;
    }
    case 'auth.signed_in': {
      const how = words(details.method, signInMethodWords);
      return `${by} signed in${how ? ` ${how}` : ''}`;
    }
    case 'auth.sign_in_failed': {
      const reason = words(details.reason, reasonWords);
      return `A sign-in as ${target} failed${reason ? ` (${reason})` : ''}`;
    }
    case 'authorization.denied':
      return `${by} was refused ${target}${typeof details.permission === 'string' ? ` (needs ${details.permission})` : ''}`;
    case 'request.cross_origin_refused':
      return `A cross-site request to ${target} was refused`;
    case 'bulk_job.started':
      return `Bulk job (${target}) started${count(details.total, 'user') ? ` for ${count(details.total, 'user')}` : ''}`;
    case 'bulk_job.completed':
      return `Bulk job (${target}) completed${count(details.done, 'user') ? `: ${count(details.done, 'user')} done` : ''}`;
    case 'bulk_job.cancelled':
      return `Bulk job (${target}) cancelled by ${by}`;
    case 'bulk_job.pins_revealed':
      return `${by} viewed the bulk job’s PINs`;
    case 'bulk_job.pins_downloaded':
      return `${by} downloaded the bulk job’s PINs`;
    case 'bulk_job.pins_erased':
      return `The bulk job’s saved PINs were erased`;
    case 'bulk_job.pins_dismissed':
      return `${by} dismissed the bulk job’s PINs`;
    case 'directory_user.created':
      return `${target} was added from directory source ${sourceOf(details)}${details.enabled === false ? ' (disabled)' : ''}`;
    case 'directory_user.changed':
      return `${possessive(target)} directory entry changed in ${sourceOf(details)}${fieldList(details.fields)}`;
    case 'directory_user.disabled':
      return `${target} was disabled in directory source ${sourceOf(details)}; PIN logon and sign-in are refused`;
    case 'directory_user.enabled':
      return `${target} was enabled again in directory source ${sourceOf(details)}`;
    case 'directory_user.removed':
      return `${target} left directory source ${sourceOf(details)}; kept disabled for ${count(details.graceHours, 'hour') ?? 'the grace period'} before being deprovisioned`;
    case 'directory_user.restored':
      return `${target} came back to directory source ${sourceOf(details)} before being deprovisioned${fieldList(details.fields)}`;
    case 'directory_user.deprovisioned':
      return `${target} was deprovisioned: gone from directory source ${sourceOf(details)} past its grace period; PIN, history and lock state erased`;
    case 'directory_sync.started':
      return `${by} started a ${details.kind === 'incremental' ? 'sync of the changes' : details.kind === 'import' ? 'file import' : 'full sync'} of directory source ${target}`;
    case 'directory_sync.finished':
      return refused
        ? `A sync of directory source ${target} ${details.status === 'cancelled' ? 'was cancelled' : 'failed'}`
        : `A sync of directory source ${target} finished: ${syncCounts(details)}`;
    case 'access_number.created':
      return `Dial-in access number ${target} created`;
    case 'access_number.updated':
      return `Dial-in access number ${target} updated`;
    case 'access_number.removed':
      return `Dial-in access number ${target} deleted`;
    case 'access_number.reordered':
      return `Dial-in access number ${target} moved`;
    case 'bridge_key.created':
      return `Bridge API key ${target} issued`;
    case 'bridge_key.revoked':
      return `Bridge API key ${target} revoked`;
    case 'api_token.created':
      return `API token ${target} created`;
    case 'api_token.revoked':
      return `API token ${target} revoked`;
    case 'role.granted':
      return `${typeof details.role === 'string' ? details.role : 'A role'} granted to ${target} by ${by}`;
    case 'role.revoked':
      return `${typeof details.role === 'string' ? details.role : 'A role'} revoked from ${target} by ${by}`;
    case 'role.derived_changed': {
      const changes = [roleList(details.added) && `gained ${roleList(details.added)}`, roleList(details.removed) && `lost ${roleList(details.removed)}`].filter(
        Boolean,
      );
      return `${target} ${changes.join(' and ') || 'kept their roles'} through ${words(details.origin, originWords) ?? 'the directory'}`;
    }
    case 'role.revoke_refused':
      return `${target} kept CsAdministrator: the last CsAdministrator is never removed`;
    case 'account.local_created':
      return `Break-glass local account ${target} created by ${by}`;
    case 'audit.chain_keyed':
      return 'The audit trail switched to a keyed chain';
    default: {
      // An action this list does not know yet: its code, in words as far as they go.
      const [resource, verb = ''] = e.action.split('.');
      const phrase = `${resource.replace(/_/g, ' ')} ${verb.replace(/_/g, ' ')}`.trim();
      const sentence = `${phrase.charAt(0).toUpperCase()}${phrase.slice(1)}`;
      const withTarget = e.targetName ? `${sentence}: ${target}` : sentence;
      return refused ? `${withTarget} (${e.outcome})` : withTarget;
    }
  }
}

export function describeEvent(e: AuditEventFacts): EventDescription {
  const kind = actorKinds[e.actorType];
  const who = e.actorName ? (kind ? `${e.actorName} (${kind})` : e.actorName) : e.actorType === 'anonymous' ? 'Someone not signed in' : 'Unknown';
  const sentence = what(e, e.actorName || 'someone', parseDetails(e.details));
  // No capital forced: a sentence may start with an address (kenmyer@…), which has none.
  return { who, what: `${sentence}.` };
}
