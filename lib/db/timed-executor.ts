/**
 * lib/db's own statements timed into the database histogram (lib/ops/metrics.ts), alone or
 * inside a transaction; the transaction itself is not timed again (its statements are).
 */
import { timeDbOperation } from '../ops/metrics';
import type { SqlClient, SqlExecutor } from './executor';

function timed(client: SqlClient): SqlClient {
  return {
    query: (statement, options) => timeDbOperation('sql', () => client.query(statement, options)),
    execute: (statement, options) => timeDbOperation('sql', () => client.execute(statement, options)),
  };
}

export function timedExecutor(executor: SqlExecutor): SqlExecutor {
  return { ...timed(executor), transaction: (fn) => executor.transaction((tx) => fn(timed(tx))) };
}
