/**
 * Preloaded into Prisma CLI processes (scripts/migrate.ts): the WebAssembly schema engine
 * leaves a 10-second timer pending after a PostgreSQL migration, which keeps the process
 * alive long after its work is done (../shared/STACK.md). Long timers are unref'd so that
 * they run if the process is still busy but never hold it open by themselves.
 */
const setTimeoutOriginal = global.setTimeout;
global.setTimeout = function setTimeoutUnrefLong(callback, ms, ...args) {
  const timer = setTimeoutOriginal(callback, ms, ...args);
  if (typeof ms === 'number' && ms >= 5000 && typeof timer?.unref === 'function') timer.unref();
  return timer;
};
