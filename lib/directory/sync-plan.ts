/**
 * What one batch of a directory read does to the stored users: create, change (which
 * fields), restore, leave unchanged or skip with a reason. The sync service reads what it
 * needs (the stored users with these keys, the users holding their SIP addresses, UPNs, DNs
 * and account names) and writes the plan; deciding lives here so it is tested without a
 * database. Pure.
 */
import { entryFields, entryProblem, type DirectoryEntry, type EntryField } from './entry';
import type { EntryProblem } from './reader';

/** A stored user of the source being synced, with the fields a sync compares. */
export type StoredUser = Omit<DirectoryEntry, 'externalId'> & {
  id: string;
  externalId: string;
  /** Epoch ms it left the source, or null while it is in scope. */
  removedAt: number | null;
};

/** A stored user (of any source, or none) holding one of the unique names an entry asks for. */
export type KeyHolder = { id: string; displayName: string; sipAddress: string; upn: string; distinguishedName: string; domain: string; samAccountName: string };

export type SyncAction =
  | { kind: 'create'; entry: DirectoryEntry }
  | { kind: 'change'; user: StoredUser; entry: DirectoryEntry; fields: EntryField[]; restore: boolean }
  | { kind: 'unchanged'; user: StoredUser }
  | { kind: 'skip'; problem: EntryProblem; conflict: boolean };

/** The unique names of a user: a second user may not take any of them (the table's unique indexes, case-insensitively). */
type NameKind = 'SIP address' | 'user principal name' | 'distinguished name' | 'account name';

function namesOf(user: Pick<DirectoryEntry, 'sipAddress' | 'upn' | 'distinguishedName' | 'domain' | 'samAccountName'>): [NameKind, string][] {
  return [
    ['SIP address', user.sipAddress.toLowerCase()],
    ['user principal name', user.upn.toLowerCase()],
    ['distinguished name', user.distinguishedName.toLowerCase()],
    ['account name', `${user.domain}\\${user.samAccountName}`.toLowerCase()],
  ];
}

/** How an entry is named in the history and the preview: its DN (a line of a file is named by the reader). */
export const entryLabel = (entry: DirectoryEntry): string => entry.distinguishedName || entry.sipAddress || entry.externalId;

/**
 * The names and keys entries of this run have taken so far: a second entry of the same run
 * with the same key or name is skipped ("also on …"), not written over the first.
 */
export type RunClaims = { keys: Map<string, string>; names: Map<string, string> };

export const newRunClaims = (): RunClaims => ({ keys: new Map(), names: new Map() });

/** The fields whose stored value differs from the entry's. */
export function changedFields(user: StoredUser, entry: DirectoryEntry): EntryField[] {
  return entryFields.filter((field) => {
    const stored = user[field];
    const read = entry[field];
    if (Array.isArray(stored) && Array.isArray(read)) return stored.length !== read.length || stored.some((value, i) => value !== read[i]);
    return stored !== read;
  });
}

export type PlanInput = {
  entries: DirectoryEntry[];
  /** Stored users of this source, by externalId. */
  stored: Map<string, StoredUser>;
  /** Stored users holding any of the entries' unique names (found case-insensitively). */
  holders: KeyHolder[];
  claims: RunClaims;
};

/** The action for each entry, in order; records the names the taken entries claim in `claims`. */
export function planBatch({ entries, stored, holders, claims }: PlanInput): SyncAction[] {
  const heldBy = new Map<string, KeyHolder>();
  for (const holder of holders) for (const [, name] of namesOf(holder)) heldBy.set(name, holder);

  return entries.map((entry): SyncAction => {
    const label = entryLabel(entry);
    const skip = (reason: string, conflict = false): SyncAction => ({
      kind: 'skip',
      problem: { entry: label, reason, externalId: entry.externalId },
      conflict,
    });
    const invalid = entryProblem(entry);
    if (invalid) return skip(invalid);

    const earlier = claims.keys.get(entry.externalId);
    if (earlier !== undefined) return skip(`the source lists it twice (also as ${earlier})`);
    const user = stored.get(entry.externalId);
    const names = namesOf(entry);
    for (const [kind, name] of names) {
      const claimedBy = claims.names.get(name);
      if (claimedBy !== undefined) return skip(`its ${kind} is also on ${claimedBy}, taken earlier in this run`);
      const holder = heldBy.get(name);
      if (holder && holder.id !== user?.id)
        return skip(`its ${kind} already belongs to ${holder.displayName} (${holder.distinguishedName || holder.sipAddress})`, true);
    }

    claims.keys.set(entry.externalId, label);
    for (const [, name] of names) claims.names.set(name, label);
    if (!user) return { kind: 'create', entry };
    const fields = changedFields(user, entry);
    const restore = user.removedAt !== null;
    if (fields.length === 0 && !restore) return { kind: 'unchanged', user };
    return { kind: 'change', user, entry, fields, restore };
  });
}

/** The audit action a change is recorded under: a restore or an enabled flip says so, else "changed". */
export function changeAction(action: Extract<SyncAction, { kind: 'change' }>): string {
  if (action.restore) return 'directory_user.restored';
  if (action.fields.includes('enabled')) return action.entry.enabled ? 'directory_user.enabled' : 'directory_user.disabled';
  return 'directory_user.changed';
}
