/**
 * A directory source held in memory, for the sync's integration tests: what an LDAP source
 * would list (full reads) and what changed since a cursor (changes reads), in batches, with
 * a way to fail part-way. The LDAP reader itself is tested against Samba.
 */
import type { DirectoryEntry } from '../../lib/directory/entry';
import type { DirectoryRead, DirectoryReader, EntryProblem, ReadBatch } from '../../lib/directory/reader';
import { DirectorySourceError } from '../../lib/directory/source-error';

export type ArrayReader = DirectoryReader & {
  /** The directory now: full reads list these. */
  entries: DirectoryEntry[];
  problems: EntryProblem[];
  /** What a changes read returns next (set it before a sync); null = answer with a full read. */
  changes: { entries: DirectoryEntry[]; gone: string[] } | null;
  /** Throw after this many batches (a source that fails mid-read). */
  failAfterBatches: number | null;
  reads: { since: string | null; full: boolean }[];
};

export function arrayReader(batchSize = 50): ArrayReader {
  let version = 0;
  const reader: ArrayReader = {
    entries: [],
    problems: [],
    changes: null,
    failAfterBatches: null,
    reads: [],
    async read({ since, full }): Promise<DirectoryRead> {
      reader.reads.push({ since, full });
      const nextCursor = `v${++version}`;
      if (!full && since && reader.changes) {
        const { entries, gone } = reader.changes;
        return { kind: 'changes', batches: batches(entries, []), gone: async () => gone, nextCursor };
      }
      return { kind: 'full', batches: batches(reader.entries, reader.problems), nextCursor };
    },
  };
  async function* batches(entries: DirectoryEntry[], problems: EntryProblem[]): AsyncIterable<ReadBatch> {
    for (let i = 0, n = 0; i < Math.max(entries.length, 1); i += batchSize, n++) {
      if (reader.failAfterBatches !== null && n >= reader.failAfterBatches) {
        throw new DirectorySourceError('UNREACHABLE', 'Cannot reach ldaps://dc1.litwareinc.com:636 (connection reset).');
      }
      yield { entries: entries.slice(i, i + batchSize), problems: i === 0 ? problems : [] };
    }
  }
  return reader;
}

/** A valid entry; `n` makes its key and names unique within a test, `run` (six hex digits) across tests. */
export function directoryEntry(n: number, run: string, overrides: Partial<DirectoryEntry> = {}): DirectoryEntry {
  const sam = `${run}u${n}`;
  // 900000 and up: tests/integration/helpers.ts createUser draws its extensions below 900000, and a
  // shared extension makes another file's logon by extension ambiguous.
  const extension = String(900_000 + (parseInt(run, 16) % 900) * 100 + n);
  return {
    externalId: `${run}00-0000-4000-8000-${n.toString(16).padStart(12, '0')}`,
    displayName: `Synced ${run} ${n}`,
    firstName: 'Synced',
    lastName: `${run} ${n}`,
    samAccountName: sam,
    domain: 'LITWAREINC',
    upn: `${sam}@litwareinc.com`,
    sipAddress: `sip:${sam}@litwareinc.com`,
    lineUri: `tel:+1425${extension.padStart(7, '5')};ext=${extension}`,
    otherPhones: [],
    distinguishedName: `CN=Synced ${run} ${n},OU=Finance,OU=${run},DC=litwareinc,DC=com`,
    title: 'Accountant',
    department: 'Finance',
    office: '',
    city: 'Redmond',
    site: 'Redmond',
    enabled: true,
    ...overrides,
  };
}
