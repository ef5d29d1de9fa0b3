/**
 * Directory sources (prisma/models.prisma DirectorySource): where users come from. The bind
 * password is read only by the sync (to connect) and never leaves lib/directory; views for
 * pages say only whether one is set.
 */
import type { Db } from './client';
import type { SqlClient } from './executor';
import { sql } from './sql';

export type SourceKind = 'demo' | 'ldap' | 'import';

/** What a sync needs of its source. */
export type SourceForSync = {
  id: string;
  name: string;
  kind: SourceKind;
  settings: string;
  bindPasswordCiphertext: string | null;
  cursor: string | null;
  removalGraceHours: number;
  fromEnvironment: boolean;
};

export type SourceView = {
  id: string;
  name: string;
  kind: SourceKind;
  settings: string;
  hasBindPassword: boolean;
  fromEnvironment: boolean;
  syncIntervalMinutes: number;
  removalGraceHours: number;
  incremental: boolean;
};

export async function getSourceForSync(db: Db, id: string): Promise<SourceForSync | null> {
  const row = await db.directorySource.findUnique({
    where: { id },
    select: { id: true, name: true, kind: true, settings: true, bindPasswordCiphertext: true, cursor: true, removalGraceHours: true, fromEnvironment: true },
  });
  return row ? { ...row, kind: row.kind as SourceKind } : null;
}

const viewSelect = {
  id: true,
  name: true,
  kind: true,
  settings: true,
  bindPasswordCiphertext: true,
  fromEnvironment: true,
  syncIntervalMinutes: true,
  removalGraceHours: true,
  cursor: true,
} as const;

function toView(
  row: { kind: string; bindPasswordCiphertext: string | null; cursor: string | null } & Omit<SourceView, 'kind' | 'hasBindPassword' | 'incremental'>,
): SourceView {
  const { bindPasswordCiphertext, cursor, kind, ...rest } = row;
  return { ...rest, kind: kind as SourceKind, hasBindPassword: bindPasswordCiphertext !== null, incremental: cursor !== null };
}

export async function listSources(db: Db): Promise<SourceView[]> {
  const rows = await db.directorySource.findMany({ orderBy: { name: 'asc' }, select: viewSelect });
  return rows.map(toView);
}

export async function getSource(db: Db, id: string): Promise<SourceView | null> {
  const row = await db.directorySource.findUnique({ where: { id }, select: viewSelect });
  return row ? toView(row) : null;
}

export async function findSourceByName(db: Db, name: string): Promise<SourceView | null> {
  const row = await db.directorySource.findUnique({ where: { name }, select: viewSelect });
  return row ? toView(row) : null;
}

export type SourceInput = {
  name: string;
  kind: SourceKind;
  settings: string;
  /** undefined keeps the stored one; null removes it. */
  bindPasswordCiphertext?: string | null;
  fromEnvironment?: boolean;
  syncIntervalMinutes: number;
  removalGraceHours: number;
};

export async function createSource(db: Db, input: SourceInput): Promise<string> {
  const row = await db.directorySource.create({ data: input, select: { id: true } });
  return row.id;
}

/** A new source whose id the caller chose (its bind password is sealed to the id before it is stored). */
export async function createSourceWithId(db: Db, id: string, input: SourceInput): Promise<void> {
  await db.directorySource.create({ data: { id, ...input }, select: { id: true } });
}

/** A change of settings starts the next sync over with a full read. */
export async function updateSource(db: Db, id: string, input: SourceInput): Promise<void> {
  await db.directorySource.update({ where: { id }, data: { ...input, cursor: null } });
}

/**
 * Where the next incremental sync starts (inside the run's last transaction); null = the next
 * sync is full. Only if the settings are still those the run read with: a change saved while it
 * ran has cleared the cursor, and that must stand.
 */
export async function saveSourceCursor(tx: SqlClient, id: string, cursor: string | null, readWith: string, now: number): Promise<void> {
  await tx.execute(sql`UPDATE directory_source SET cursor = ${cursor}, updated_at = ${new Date(now)} WHERE id = ${id} AND settings = ${readWith}`);
}
