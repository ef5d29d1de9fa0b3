import 'server-only';
import { databaseAnswers } from '../db/client';
import { getDb } from './composition-root';

export type DatabaseHealth = { engine: string; status: 'up'; latencyMs: number } | { engine: string; status: 'down' };

/** Whether this process's database answers a trivial statement now, and how fast (the health route). */
export async function checkDatabaseHealth(): Promise<DatabaseHealth> {
  const handle = getDb();
  const engine = handle.target.provider;
  const started = performance.now();
  try {
    await databaseAnswers(handle);
    return { engine, status: 'up', latencyMs: Math.round(performance.now() - started) };
  } catch {
    return { engine, status: 'down' };
  }
}
