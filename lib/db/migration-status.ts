/**
 * Which migrations the database has applied (Prisma's _prisma_migrations bookkeeping), for the
 * readiness check: finished and not rolled back. No table yet means none.
 */
import type { DbHandle } from './client';
import { sql } from './sql';

export async function appliedMigrations({ executor }: DbHandle): Promise<string[]> {
  try {
    const rows = await executor.query<{ migration_name: string }>(
      sql`SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    return rows.map((row) => row.migration_name);
  } catch (error) {
    // The table exists from the first migration on; before that the database is simply unmigrated.
    if (/_prisma_migrations/.test(error instanceof Error ? error.message : '') && /no such table|does not exist/i.test(String(error))) return [];
    throw error;
  }
}
