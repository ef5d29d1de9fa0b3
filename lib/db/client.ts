/**
 * The one Prisma client of a process, for the engine DATABASE_URL names. Both generated
 * clients have the same models; the SQLite client's type stands for both.
 */
import { PrismaClient as SqliteClient } from './generated/sqlite/index.js';
import { PrismaClient as PostgresClient } from './generated/postgresql/index.js';
import { createConnection } from './adapters';
import type { DirectSql } from './direct-sql';
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
  apiToken: { tokenHash: true },
} as const;

function create(adapter: ReturnType<typeof createConnection>['factory'], target: DatabaseTarget) {
  if (target.provider === 'postgresql') {
    return new PostgresClient({ adapter, omit: omitSecrets }) as unknown as SqliteClientWithOmit;
  }
  return new SqliteClient({ adapter, omit: omitSecrets });
}

type SqliteClientWithOmit = SqliteClient<{ adapter: never; omit: typeof omitSecrets }>;
export type Db = ReturnType<typeof create>;
export type DbTx = Parameters<Parameters<Db['$transaction']>[0]>[0];

export type DbHandle = {
  db: Db;
  target: DatabaseTarget;
  /** Below Prisma, on the same connections: only for the PIN logon hot path (lib/db/pin-store.ts). */
  direct: DirectSql;
};

export function createDb(target: DatabaseTarget = databaseTarget()): DbHandle {
  const connection = createConnection(target);
  const db = create(connection.factory, target);
  return { db, target, direct: connection.direct(() => db.$connect()) };
}

const globalForDb = globalThis as unknown as { pindeskDb?: DbHandle };

/** The process-wide client (kept across Next.js dev reloads). */
export function getDb(): DbHandle {
  globalForDb.pindeskDb ??= createDb();
  return globalForDb.pindeskDb;
}
