/**
 * Seeds the demo directory on first start, when the database has no users yet and
 * lib/db/seed/demo-seed-decision.ts allows it (development, or PINDESK_SEED_DEMO=1).
 */
import { createDb, type DbHandle } from '../lib/db/client';
import { maintenanceDatabaseLimits } from '../lib/config/database-limits';
import { seedDemoBridge } from '../lib/db/seed/demo-bridge';
import { demoSeedDecision } from '../lib/db/seed/demo-seed-decision';
import { seedDemoDirectory } from '../lib/db/seed/demo-directory';
import { printSignInHelp, resolveSeedPassword } from '../prisma/seed-password';

export type SeedIfEmptyOptions = { env?: Record<string, string | undefined>; handle?: DbHandle; users?: number; log?: (line: string) => void };

/** Returns whether it seeded. The decision is checked first, so a bad PINDESK_SEED_DEMO fails before any database work. */
export async function seedIfEmpty(options: SeedIfEmptyOptions = {}): Promise<boolean> {
  const log = options.log ?? ((line: string) => console.log(line));
  const env = options.env ?? process.env;
  const decision = demoSeedDecision(env);
  // Seeding 2,000 users is one long batch of statements: not bounded like a request's.
  const handle = options.handle ?? createDb(undefined, maintenanceDatabaseLimits());
  const { db } = handle;
  try {
    if ((await db.directoryUser.count()) > 0) return false;
    if (!decision.seed) {
      log(
        `The database is empty and the demo directory is not seeded: ${decision.reason}. ` +
          'Nobody can sign in yet: PinDesk has no way to create the first administrator other than the demo seed (see "In production" in the README).',
      );
      return false;
    }
    log(`The database is empty: seeding the litwareinc.com demo directory (${decision.reason})…`);
    const seedPassword = resolveSeedPassword(env);
    const { users } = await seedDemoDirectory(db, { users: options.users ?? 2000, password: seedPassword.password, provider: handle.target.provider, log });
    log(`Seeded ${users.toLocaleString('en-US')} users.`);
    await seedDemoBridge(handle, env.SEED_BRIDGE_KEY, log);
    printSignInHelp(seedPassword, log);
    return true;
  } finally {
    if (!options.handle) await db.$disconnect();
  }
}
