/**
 * The objects the REST API and the `pindesk` CLI exchange, with the cmdlets' property names
 * (Get-CsUser, Get-CsClientPinInfo's PinInfoDetails, Get-CsPinPolicy), so a pipeline reads
 * like the Skype for Business one. Times are ISO 8601 strings (UTC) or null. Pure.
 */
import type { UserRow } from '../users/search-result';
import type { PolicySettings } from '../pin/policy';
import type { PinInfo } from '../pin/status';
import type { PinPolicy } from '../pin/types';

/** Get-CsUser. Identity is the SIP address: unique, and what every other command accepts. */
export type CsUser = {
  Identity: string;
  DisplayName: string;
  SipAddress: string;
  Department: string;
  Site: string | null;
};

export type CsClientPinInfo = {
  Identity: string;
  DisplayName: string;
  IsPinSet: boolean;
  IsLockedOut: boolean;
  LockKind: string | null;
  LockedOutUntil: string | null;
  LastPinChangeTime: string | null;
  PinExpirationTime: string | null;
  IsExpired: boolean;
  LocalFailures: number;
  GlobalFailures: number;
  LastChangedBy: string | null;
  EffectivePolicy: string;
  PolicySource: string;
};

export type CsPinPolicy = {
  Identity: string;
  Scope: string;
  Description: string;
  MinPasswordLength: number;
  PINHistoryCount: number;
  PINLifetime: number;
  MaximumLogonAttempts: number | null;
  AllowCommonPatterns: boolean;
};

/** What Set-CsClientPin writes: the PIN only when it was generated (the caller chose it otherwise). */
export type CsPinSetResult = { Identity: string; Pin?: string; IsPinSet: true };

/** The outcome of a -WhatIf: what would happen, after the server's own checks. */
export type WhatIfResult = { WhatIf: string };

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

export function toCsUser(row: UserRow): CsUser {
  return { Identity: row.sipAddress, DisplayName: row.displayName, SipAddress: row.sipAddress, Department: row.department, Site: row.site };
}

export function toCsClientPinInfo(info: PinInfo): CsClientPinInfo {
  return {
    Identity: info.identity,
    DisplayName: info.displayName,
    IsPinSet: info.isPinSet,
    IsLockedOut: info.isLockedOut,
    LockKind: info.lockKind,
    LockedOutUntil: iso(info.lockedOutUntil),
    LastPinChangeTime: iso(info.lastPinChangeTime),
    PinExpirationTime: iso(info.pinExpirationTime),
    IsExpired: info.isExpired,
    LocalFailures: info.localFailures,
    GlobalFailures: info.globalFailures,
    LastChangedBy: info.lastChangedBy,
    EffectivePolicy: info.effectivePolicy,
    PolicySource: info.policySource,
  };
}

export function toCsPinPolicy(policy: PinPolicy): CsPinPolicy {
  return {
    Identity: policy.identity,
    Scope: policy.scope,
    Description: policy.description,
    MinPasswordLength: policy.minPasswordLength,
    PINHistoryCount: policy.pinHistoryCount,
    PINLifetime: policy.pinLifetime,
    MaximumLogonAttempts: policy.maximumLogonAttempts,
    AllowCommonPatterns: policy.allowCommonPatterns,
  };
}

/** The policy parameters of New-/Set-CsPinPolicy, by cmdlet name → lib/pin's name. */
export const policyParameters = {
  Description: 'description',
  MinPasswordLength: 'minPasswordLength',
  PINHistoryCount: 'pinHistoryCount',
  PINLifetime: 'pinLifetime',
  MaximumLogonAttempts: 'maximumLogonAttempts',
  AllowCommonPatterns: 'allowCommonPatterns',
} as const satisfies Record<string, keyof PolicySettings>;
export type PolicyParameter = keyof typeof policyParameters;

/** Policy changes as the cmdlets name them (undefined = leave as is; MaximumLogonAttempts null = unset). */
export type CsPolicyChanges = Partial<{
  Description: string;
  MinPasswordLength: number;
  PINHistoryCount: number;
  PINLifetime: number;
  MaximumLogonAttempts: number | null;
  AllowCommonPatterns: boolean;
}>;

export function toPolicySettings(changes: CsPolicyChanges): Partial<PolicySettings> {
  const out: Partial<Record<keyof PolicySettings, unknown>> = {};
  for (const [name, key] of Object.entries(policyParameters)) {
    const value = changes[name as PolicyParameter];
    if (value !== undefined) out[key] = value;
  }
  return out as Partial<PolicySettings>;
}
