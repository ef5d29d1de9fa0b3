/** Saved Users-page queries, per administrator. */
import type { UserSearch } from '../users/search-params';
import { userSearchSchema } from '../users/search-schema';
import type { Db } from './client';

export type SavedQueryView = { id: string; name: string; search: UserSearch };

export async function listSavedQueries(db: Db, ownerId: string): Promise<SavedQueryView[]> {
  const rows = await db.savedQuery.findMany({ where: { ownerId }, orderBy: { name: 'asc' } });
  return rows.flatMap((row) => {
    const parsed = userSearchSchema.safeParse(JSON.parse(row.definition));
    return parsed.success ? [{ id: row.id, name: row.name, search: parsed.data }] : [];
  });
}

/** Saves under a name, replacing an earlier query of the same name. */
export async function saveQueries(db: Db, ownerId: string, queries: { name: string; search: UserSearch }[]): Promise<void> {
  await db.$transaction(
    queries.map((q) => {
      const definition = JSON.stringify({ ...q.search, page: 1 });
      return db.savedQuery.upsert({
        where: { ownerId_name: { ownerId, name: q.name } },
        create: { ownerId, name: q.name, definition },
        update: { definition },
      });
    }),
  );
}

export async function deleteSavedQuery(db: Db, ownerId: string, id: string): Promise<boolean> {
  const { count } = await db.savedQuery.deleteMany({ where: { id, ownerId } });
  return count > 0;
}
