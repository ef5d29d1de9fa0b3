import type { DerivedRole } from '../auth/role-mapping';
import type { DirectoryEntry } from './entry';

/** An entry the source holds but could not map (no objectGUID, an unreadable attribute, …). */
export type EntryProblem = {
  /** How the administrator finds the entry: its DN, or "line 12" of an import file. */
  entry: string;
  reason: string;
  /** The entry's key when it could be read: a stored user with it is still in scope, not gone. */
  externalId?: string;
};

/** Part of a read: mapped entries and the ones that could not be mapped. */
export type ReadBatch = { entries: DirectoryEntry[]; problems: EntryProblem[] };

/**
 * What a source returns for one sync. A full read lists every entry in scope, so a stored
 * user it does not list has left the source; a read of changes lists only entries changed
 * since the cursor, plus the keys of the entries that left scope since then.
 */
export type DirectoryRead =
  | { kind: 'full'; batches: AsyncIterable<ReadBatch>; nextCursor: string | null }
  | {
      kind: 'changes';
      batches: AsyncIterable<ReadBatch>;
      /** The externalIds of entries deleted or moved out of scope since the cursor; asked once the batches are read. */
      gone: () => Promise<string[]>;
      nextCursor: string | null;
    };

/**
 * A source's side of a sync (LDAP, an import file, the demo directory). `since` is the
 * cursor the last complete run left; a reader that cannot read changes from it (none yet,
 * another domain controller, too old) answers with a full read. The cursor is saved only
 * after every batch has been applied, so a sync that stops half-way is read again.
 */
export type DirectoryReader = {
  read(options: { since: string | null; full: boolean; signal?: AbortSignal }): Promise<DirectoryRead>;
  /**
   * The roles the source's groups give, by entry key: every user in a mapped group (nested
   * included). Asked after every run, full or not: a change of group membership changes the
   * group, not the user, so a read of changes would not see it. Sources without groups omit it.
   */
  groupRoles?(signal?: AbortSignal): Promise<Map<string, DerivedRole[]>>;
};
