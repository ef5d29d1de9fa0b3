/**
 * `npm run seed [-- --users N]`: migrates the database DATABASE_URL names, then wipes it
 * and fills it with the demo directory (lib/db/seed/demo-directory.ts).
 */
import { parseArgs } from 'node:util';
import { migrateDatabase } from '../scripts/migrate';
import { createDb } from '../lib/db/client';
import { maintenanceDatabaseLimits } from '../lib/config/database-limits';
import { printSignInHelp, resolveSeedPassword } from './seed-password';
import { seedDemoBridge } from '../lib/db/seed/demo-bridge';
import { seedDemoDirectory } from '../lib/db/seed/demo-directory';
import { demoSeedDecision } from '../lib/db/seed/demo-seed-decision';

const DEFAULT_USERS = 2_000;
const MIN_USERS = 10;
const MAX_USERS = 1_000_000;

const usage = `Usage: npm run seed -- [--users N]

Wipes the database that DATABASE_URL names (default: the SQLite file under data/) and fills
it with the litwareinc.com demo directory. The audit trail is wiped too.

Options:
  --users N   number of directory users, ${MIN_USERS.toLocaleString('en-US')} to ${MAX_USERS.toLocaleString('en-US')} (default ${DEFAULT_USERS.toLocaleString('en-US')})
  --help      show this help

Environment:
  SEED_PASSWORD   sign-in password of every seeded user; if unset, one is generated and printed
  SEED_BRIDGE_KEY if set, a bridge "demo-bridge" is created that authenticates with this key
  DATABASE_URL    file:<path> (SQLite) or postgresql://user@host:5432/db
  PINDESK_SEED_DEMO  with NODE_ENV=production, seeding (which wipes the database and creates
                  demo administrators) is refused unless this is 1
`;

class UsageError extends Error {}

function parseCommandLine(argv: string[]): { users: number } | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: { users: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    });
  } catch (error) {
    // parseArgs names the unknown flag or stray argument.
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (parsed.values.help) return 'help';
  const raw = parsed.values.users;
  if (raw === undefined) return { users: DEFAULT_USERS };
  const users = /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : NaN;
  if (!Number.isSafeInteger(users) || users < MIN_USERS || users > MAX_USERS) {
    throw new UsageError(`--users must be a whole number from ${MIN_USERS.toLocaleString('en-US')} to ${MAX_USERS.toLocaleString('en-US')} (got "${raw}").`);
  }
  return { users };
}

async function main(): Promise<number> {
  let command;
  try {
    command = parseCommandLine(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`seed: ${error.message}\n`);
    console.error(usage);
    return 2;
  }
  if (command === 'help') {
    console.log(usage);
    return 0;
  }
  // Start's rule in production: a production database is not wiped for demo accounts by accident.
  const decision = demoSeedDecision(process.env);
  if (!decision.seed && process.env.NODE_ENV === 'production') {
    console.error(`seed: refused: ${decision.reason}. Seeding wipes the database and creates demo administrators with one shared password.`);
    return 2;
  }

  const started = performance.now();
  await migrateDatabase();

  const seedPassword = resolveSeedPassword();
  const { password } = seedPassword;

  // Bulk inserts of up to 100,000 users: not bounded like a request's statements.
  const handle = createDb(undefined, maintenanceDatabaseLimits());
  const { db, target } = handle;
  try {
    console.log(`Seeding ${target.provider} (${target.provider === 'sqlite' ? target.file : `${target.pg.host}:${target.pg.port}/${target.pg.database}`})…`);
    const seedStarted = performance.now();
    const result = await seedDemoDirectory(db, {
      users: command.users,
      password,
      provider: target.provider,
      log: (line) => console.log(line),
    });
    await seedDemoBridge(handle, process.env.SEED_BRIDGE_KEY, (line) => console.log(line));
    const seedSeconds = (performance.now() - seedStarted) / 1000;

    const [users, pins, history, policies, accessNumbers] = await Promise.all([
      db.directoryUser.count(),
      db.pinState.count({ where: { pinHash: { not: null } } }),
      db.pinHistory.count(),
      db.pinPolicy.count(),
      db.accessNumber.count(),
    ]);
    console.log(
      `Done: ${users.toLocaleString('en-US')} users (${result.users.toLocaleString('en-US')} asked), ${pins.toLocaleString('en-US')} with a PIN, ` +
        `${history.toLocaleString('en-US')} PIN history rows, ${policies} PIN policies, ${accessNumbers} access numbers ` +
        `in ${seedSeconds.toFixed(1)} s (${((performance.now() - started) / 1000).toFixed(1)} s with migrations).`,
    );

    printSignInHelp(seedPassword);
  } finally {
    await db.$disconnect();
  }
  return 0;
}

main().then(
  // Exit explicitly: Prisma's wasm engine leaves timers that keep the process alive a while.
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`seed failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
