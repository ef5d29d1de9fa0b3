/**
 * The one style for things a server process must hold once: the database pool, the PIN
 * store (whose group commits every logon shares), caches a revocation must clear, the job
 * runner. server.ts and each of Next.js's server bundles load their own copy of a module, so a
 * module-level variable would exist once per copy; globalThis under a Symbol.for key exists
 * once per process. No imports: lib/db uses it too.
 */
function slotOf(key: string): symbol {
  return Symbol.for(`pindesk.${key}`);
}

/** The process's value under `key`, created by `create` on first use. */
export function processSingleton<T>(key: string, create: () => T): T {
  const holder = globalThis as Record<symbol, unknown>;
  const slot = slotOf(key);
  if (!(slot in holder)) holder[slot] = create();
  return holder[slot] as T;
}

/** The value under `key` if something created it already, else undefined (nothing is created). */
export function existingProcessSingleton<T>(key: string): T | undefined {
  return (globalThis as Record<symbol, unknown>)[slotOf(key)] as T | undefined;
}
