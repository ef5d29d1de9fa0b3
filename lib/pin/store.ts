/**
 * What lib/pin needs from persistence. lib/db implements it over Prisma (SQLite and
 * PostgreSQL); lib/pin/testing/memory-store.ts implements it in memory for unit tests.
 */
import type { CallerQuery, IdentityQuery } from './identity';
import type { Claim, LogonLimits } from './lockout';
import type { AuditEventInput, DirectoryUserRecord, Millis, PinPolicy, PinSetMethod, PinStateRecord } from './types';

export type LogonCandidate = { user: DirectoryUserRecord; state: PinStateRecord | null; policies: PinPolicy[] };

export type NewPin = {
  hash: string;
  length: number;
  setAt: Millis;
  method: PinSetMethod;
  /** Display name of whoever set it (for "last changed by"). */
  setBy: string;
};

/** Reads, shared by the store and its transactions. */
export type PinStoreReader = {
  /** Users matching an identity, at most `limit` of them. */
  findUsers(query: IdentityQuery, limit: number): Promise<DirectoryUserRecord[]>;
  /** Users a bridge caller may be, at most `limit` of them. */
  findCallers(query: CallerQuery, limit: number): Promise<DirectoryUserRecord[]>;
  /**
   * The same users, each with their PIN state and the policies that may govern them
   * (granted, site, global): everything a logon reads, in one round trip.
   */
  findLogonCandidates(query: CallerQuery, limit: number): Promise<LogonCandidate[]>;
  getPinState(userId: string): Promise<PinStateRecord | null>;
  /** Hashes of the user's most recent PINs, newest first (the current one included). */
  getPinHistory(userId: string, count: number): Promise<string[]>;
  /** The policies with these identities (missing ones are left out). */
  getPolicies(identities: string[]): Promise<PinPolicy[]>;
  listPolicies(): Promise<PinPolicy[]>;
  siteExists(name: string): Promise<boolean>;
  /** Number of users each policy governs by grant or by site (global: users governed by neither). */
  countUsersGoverned(identity: string): Promise<number>;
};

/** Writes; each use case makes them inside one transaction together with its audit event. */
export type PinStoreWriter = {
  /** Stores a new PIN hash, clears failures and temporary/system locks, records history. */
  savePin(userId: string, pin: NewPin): Promise<void>;
  /** Replaces the hash of the current PIN (re-hash with new parameters) if it is still `previousHash`. */
  replacePinHash(userId: string, previousHash: string, hash: string): Promise<void>;
  setAdminLock(userId: string, at: Millis, by: string): Promise<void>;
  /** Lifts every lock and resets local and global failure counts. */
  unlock(userId: string): Promise<void>;
  createPolicy(policy: PinPolicy): Promise<void>;
  updatePolicy(policy: PinPolicy): Promise<void>;
  deletePolicy(identity: string): Promise<void>;
  /** Grants a per-user policy ("tag:…") or none (null) to users. */
  grantPolicy(userIds: string[], identity: string | null): Promise<void>;
  appendAudit(event: AuditEventInput): Promise<void>;
};

export type PinStoreTx = PinStoreReader & PinStoreWriter;

export type PinStore = PinStoreReader & {
  /** Runs `fn` in one serialized transaction: all of its writes commit together or none do. */
  transaction<T>(fn: (tx: PinStoreTx) => Promise<T>): Promise<T>;
  /**
   * One atomic step (DOMAIN.md §9): counts a logon attempt as a failure unless the PIN is
   * unset or locked at `now`, exactly as lockout.claimAttempt() describes. Returns null
   * when refused. Several processes may call it at once; none may over-count or lose one.
   */
  claimLogonAttempt(userId: string, now: Millis, limits: LogonLimits): Promise<Claim | null>;
  /** Settles a claimed attempt whose PIN was right (lockout.settleSuccess()). */
  settleLogonSuccess(userId: string, now: Millis, claim: Claim): Promise<void>;
  /** Appends one audit event on its own (logon attempts). */
  appendAudit(event: AuditEventInput): Promise<void>;
};
