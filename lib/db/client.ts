/**
 * The one Prisma client of a process, for the engine DATABASE_URL names. Both generated
 * clients have the same models; the SQLite client's type stands for both.
 */
import { PrismaClient as SqliteClient } from './generated/sqlite/index.js';
import { PrismaClient as PostgresClient } from './generated/postgresql/index.js';
import { createAdapterFactory } from './adapters';
import { databaseTarget, type DatabaseTarget } from './database-url';

/**
 * Secret columns are left out of every query unless one asks for them by name
 * (`omit: { pinHash: false }` or `select`), so a careless include cannot leak them.
 */
const omitSecrets = {
  pinState: { pinHash: true },
  pinHistory: { pinHash: true },
  directoryUser: { passwordHash: true },
  bridgeKey: { keyHash: true },
} as const;

function create(target: DatabaseTarget) {
  const adapter = createAdapterFactory(target);
  if (target.provider === 'postgresql') {
    return new PostgresClient({ adapter, omit: omitSecrets }) as unknown as SqliteClientWithOmit;
  }
  return new SqliteClient({ adapter, omit: omitSecrets });
}

type SqliteClientWithOmit = SqliteClient<{ adapter: never; omit: typeof omitSecrets }>;
export type Db = ReturnType<typeof create>;
export type DbTx = Parameters<Parameters<Db['$transaction']>[0]>[0];

export function createDb(target: DatabaseTarget = databaseTarget()): { db: Db; target: DatabaseTarget } {
  return { db: create(target), target };
}

const globalForDb = globalThis as unknown as { pindeskDb?: { db: Db; target: DatabaseTarget } };

/** The process-wide client (kept across Next.js dev reloads). */
export function getDb(): { db: Db; target: DatabaseTarget } {
  globalForDb.pindeskDb ??= createDb();
  return globalForDb.pindeskDb;
}
