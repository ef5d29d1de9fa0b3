/**
 * The one Prisma client of a process, for the engine DATABASE_URL names. Both generated
 * clients have the same models; the SQLite client's type stands for both.
 */
import { timeDbOperation } from '../ops/metrics';
import { timedExecutor } from './timed-executor';
import { PrismaClient as SqliteClient } from './generated/sqlite/index.js';
import { PrismaClient as PostgresClient } from './generated/postgresql/index.js';
import { createConnection, type PoolStats } from './adapters';
import type { DatabaseLimits } from '../config/database-limits';
import { markIfDatabaseUnavailable } from './unavailable';
import type { SqlExecutor } from './executor';
import { databaseTarget, type DatabaseTarget } from './database-url';
import { sql } from './sql';

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
    return markingUnavailable(new PostgresClient({ adapter, omit: omitSecrets }) as unknown as SqliteClientWithOmit);
  }
  return markingUnavailable(new SqliteClient({ adapter, omit: omitSecrets }));
}

/**
 * Every query's "database unavailable" error gets the digest that makes app/error.tsx say so
 * (lib/db/unavailable.ts): pages and layouts reach the database in many places, and this is
 * the one all of them pass; it also times them (lib/ops/metrics.ts). The extension only
 * rethrows, so the client keeps its type.
 */
function markingUnavailable(client: SqliteClientWithOmit): SqliteClientWithOmit {
  return client.$extends({
    query: {
      async $allOperations({ args, query }) {
        try {
          return await timeDbOperation('prisma', () => query(args));
        } catch (error) {
          throw markIfDatabaseUnavailable(error);
        }
      },
    },
  }) as unknown as SqliteClientWithOmit;
}

type SqliteClientWithOmit = SqliteClient<{ adapter: never; omit: typeof omitSecrets }>;
export type Db = ReturnType<typeof create>;
export type DbTx = Parameters<Parameters<Db['$transaction']>[0]>[0];

export type DbHandle = {
  db: Db;
  target: DatabaseTarget;
  /** lib/db's own SQL, below Prisma on the same connections (lib/db/executor.ts). */
  executor: SqlExecutor;
  /** PostgreSQL: the connection pool's state (lib/db/adapters.ts). */
  poolStats?: () => PoolStats;
};

/** `limits`: lib/config/database-limits.ts, from the environment unless given (seeding passes its own). */
export function createDb(target: DatabaseTarget = databaseTarget(), limits?: DatabaseLimits): DbHandle {
  const connection = createConnection(target, limits);
  const db = create(connection.factory, target);
  return { db, target, executor: timedExecutor(connection.executor(() => db.$connect())), poolStats: connection.poolStats };
}

/** Whether the database answers a trivial statement (health checks); throws when it does not. */
export async function databaseAnswers({ executor }: DbHandle): Promise<void> {
  await executor.query(sql`SELECT 1 AS one`);
}

// A server process's own handle is built once by lib/server/composition-root.ts (getDb).
