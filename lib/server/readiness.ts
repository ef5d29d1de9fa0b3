import 'server-only';
/**
 * Readiness for load balancers and orchestrators (/api/ready): this instance can serve when its
 * database answers and has every migration this version ships. A database with migrations this
 * version does not know (a newer instance migrated it during a rolling upgrade) is still ready:
 * migrations only add (expand first, contract in a later release). /api/health stays liveness.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { projectRoot } from '../config/project-root';
import { appliedMigrations } from '../db/migration-status';
import { getDb } from './composition-root';
import { checkDatabaseHealth, type DatabaseHealth } from './database-health';

export type Readiness =
  | { ready: true; database: DatabaseHealth; migrations: { applied: number; shipped: number; unknown: string[] } }
  | { ready: false; reason: string; database: DatabaseHealth; pending?: string[] };

let shipped: Promise<string[]> | undefined;

/** The migrations this version ships (read once: they do not change while it runs). */
function shippedMigrations(provider: string): Promise<string[]> {
  shipped ??= fs.readdir(path.join(/* turbopackIgnore: true */ projectRoot(), 'prisma', provider, 'migrations'), { withFileTypes: true }).then((entries) =>
    entries
      .filter((entry) => entry.isDirectory() && /^\d{14}_/.test(entry.name))
      .map((entry) => entry.name)
      .sort(),
  );
  return shipped;
}

export async function checkReadiness(): Promise<Readiness> {
  const database = await checkDatabaseHealth();
  if (database.status !== 'up') return { ready: false, reason: 'The database does not answer.', database };
  const handle = getDb();
  const [ours, applied] = await Promise.all([shippedMigrations(handle.target.provider), appliedMigrations(handle).catch(() => null)]);
  if (applied === null) return { ready: false, reason: 'The migration history could not be read.', database };
  const done = new Set(applied);
  const pending = ours.filter((name) => !done.has(name));
  if (pending.length > 0) {
    return {
      ready: false,
      reason: `${pending.length} migration${pending.length === 1 ? ' is' : 's are'} not applied yet; run npm run db:migrate (npm start does it).`,
      database,
      pending,
    };
  }
  const known = new Set(ours);
  return { ready: true, database, migrations: { applied: applied.length, shipped: ours.length, unknown: applied.filter((name) => !known.has(name)) } };
}
