/**
 * Local mode (no PINDESK_URL): straight to the database DATABASE_URL names (default: the
 * SQLite file data/pindesk.db), through the same scripting service the REST API runs, as
 * running the cmdlets on the server itself. Whoever can run this can read the database file
 * and its secrets anyway, so no role check applies; the audit trail names the OS user as a
 * "cli" actor. The database modules load lazily: remote mode never pays for Prisma.
 */
import os from 'node:os';
import type { CliClient } from '../command';

export type LocalClient = CliClient & { close(): Promise<void> };

export function localCliActorName(): string {
  let user = process.env.USER ?? 'unknown';
  try {
    user = os.userInfo().username;
  } catch {
    // no passwd entry (some containers): keep $USER
  }
  return `${user}@${os.hostname()} (pindesk CLI)`;
}

export async function createLocalClient(): Promise<LocalClient> {
  const [
    { createDb },
    { createPinStore },
    { getPinHasher },
    { systemClock },
    { createScriptingService },
    { createLocalDirectoryClient },
    { createRolesScripting },
  ] = await Promise.all([
    import('../../db/client'),
    import('../../db/pin-store'),
    import('../../pin/runtime'),
    import('../../pin/types'),
    import('../../scripting/service'),
    import('./local-directory'),
    import('../../scripting/roles'),
  ]);
  const handle = createDb();
  const deps = { store: createPinStore(handle), hasher: getPinHasher(), clock: systemClock };
  const caller = {
    actor: { type: 'cli' as const, name: localCliActorName() },
    context: { sourceAddress: 'local', userAgent: `pindesk-cli (node ${process.version})` },
  };
  const service = createScriptingService(deps, handle, caller);
  const directory = createLocalDirectoryClient({ handle, clock: systemClock }, caller);
  const roles = createRolesScripting({ handle, store: deps.store }, caller);
  return { ...service, ...directory, ...roles, close: () => handle.db.$disconnect() };
}
