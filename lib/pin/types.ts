/** Plain data shapes shared by lib/pin and the store that implements its persistence. */

/** Epoch milliseconds. Time always comes from an injected Clock. */
export type Millis = number;

export type Clock = { now(): Millis };

export const systemClock: Clock = { now: () => Date.now() };

/** How a PIN was last set. */
export type PinSetMethod = 'admin_set' | 'admin_generated' | 'self_service';

export type DirectoryUserRecord = {
  id: string;
  displayName: string;
  samAccountName: string;
  domain: string;
  upn: string;
  sipAddress: string;
  distinguishedName: string;
  lineUri: string;
  extension: string;
  otherPhones: string[];
  siteName: string | null;
  enabled: boolean;
  /** Identity ("tag:<name>") of the per-user policy granted, or null for <Automatic>. */
  grantedPolicy: string | null;
};

/** The stored PIN and logon state of one user; absent row = all defaults. */
export type PinStateRecord = {
  pinHash: string | null;
  pinLength: number;
  pinSetAt: Millis | null;
  pinSetMethod: PinSetMethod | null;
  pinSetBy: string | null;
  adminLockedAt: Millis | null;
  adminLockedBy: string | null;
  systemLockedAt: Millis | null;
  lockedUntil: Millis | null;
  windowStart: Millis | null;
  localFailures: number;
  globalFailures: number;
  lastFailureAt: Millis | null;
  lastLogonAt: Millis | null;
};

export const emptyPinState: PinStateRecord = {
  pinHash: null,
  pinLength: 0,
  pinSetAt: null,
  pinSetMethod: null,
  pinSetBy: null,
  adminLockedAt: null,
  adminLockedBy: null,
  systemLockedAt: null,
  lockedUntil: null,
  windowStart: null,
  localFailures: 0,
  globalFailures: 0,
  lastFailureAt: null,
  lastLogonAt: null,
};

export type PolicyScope = 'global' | 'site' | 'user';

/** A PIN policy with the cmdlet's property names (DOMAIN.md §3). */
export type PinPolicy = {
  identity: string;
  scope: PolicyScope;
  description: string;
  minPasswordLength: number;
  pinHistoryCount: number;
  pinLifetime: number;
  allowCommonPatterns: boolean;
  maximumLogonAttempts: number | null;
};

/**
 * Who did something: an administrator or user (in the browser, or through one of their API
 * tokens: apiTokenId is then recorded in the audit row's details), a bridge, the `pindesk`
 * CLI run locally on the server (named after the OS user), or the system.
 */
export type Actor =
  | { type: 'user'; id: string; name: string; apiTokenId?: string }
  | { type: 'bridge'; id: string; name: string }
  | { type: 'cli'; name: string }
  | { type: 'system'; name: string };

/** Where a request came from, for the audit trail. */
export type RequestContext = { sourceAddress?: string; userAgent?: string };

export type AuditOutcome = 'success' | 'failure' | 'denied';

/** One audit row before the store chains and stores it. Never carries a PIN. */
export type AuditEventInput = {
  at: Millis;
  actor: Actor | { type: 'anonymous'; name: string };
  action: string;
  target?: { type: string; id: string | null; name: string };
  context?: RequestContext;
  outcome: AuditOutcome;
  details?: Record<string, unknown>;
};
