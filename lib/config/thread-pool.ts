import os from 'node:os';

/**
 * The size of libuv's thread pool for the production server, where @node-rs/argon2 computes
 * every PIN hash and verify: UV_THREADPOOL_SIZE when the operator set it, otherwise one
 * thread per core this process may use (at least 2, so that a file read is not stuck behind
 * a verify on a one-core host). libuv reads it once, when the pool first starts, which in a
 * Node.js process running TypeScript through tsx is before the first line of server.ts: so
 * it is set in the environment of the server's process, by whatever starts it.
 *
 * Why not libuv's default of 4: on a bigger host, 4 threads cap PIN logons at 4 cores'
 * worth of argon2; on 2 cores, 4 threads taking turns verified 216 PINs/s where 2 verified
 * 243/s (less kernel time per verify), and the logon p99 at half load was a third to a half
 * longer (bench:logon-http, README).
 */
export function libuvThreadPoolSize(env: Record<string, string | undefined> = process.env, cores = os.availableParallelism()): number {
  const raw = env.UV_THREADPOOL_SIZE;
  if (raw === undefined || raw === '') return Math.max(2, cores);
  const value = Number(raw);
  // libuv's own range. libuv itself reads the value with atoi, silently: a word or 0 gives
  // 1 thread, 2.5 gives 2, and -3 gives 1024 (counted here: the threads of a process).
  if (!Number.isInteger(value) || value < 1 || value > 1024) {
    throw new Error(`UV_THREADPOOL_SIZE must be a whole number from 1 to 1024 (got "${raw}"); leave it unset for one thread per core.`);
  }
  return value;
}

/** libuv's default, when UV_THREADPOOL_SIZE is unset. */
const LIBUV_DEFAULT_THREADS = 4;

/**
 * The threads this process's pool has (or will have): what argon2 can run at once here. The
 * server's launcher set UV_THREADPOOL_SIZE (above); `next dev`, a bare `next start` or a
 * script left it unset and have libuv's 4.
 */
export function libuvThreadsOfThisProcess(env: Record<string, string | undefined> = process.env): number {
  return env.UV_THREADPOOL_SIZE ? libuvThreadPoolSize(env) : LIBUV_DEFAULT_THREADS;
}
