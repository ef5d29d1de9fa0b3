/** Seeds the demo directory on first start, when the database has no users yet. */
import { createDb } from '../lib/db/client';
import { seedDemoBridge } from '../lib/db/seed/demo-bridge';
import { seedDemoDirectory } from '../lib/db/seed/demo-directory';
import { printSignInHelp, resolveSeedPassword } from '../prisma/seed-password';

export async function seedIfEmpty(): Promise<void> {
  const handle = createDb();
  const { db } = handle;
  try {
    if ((await db.directoryUser.count()) > 0) return;
    console.log('The database is empty: seeding the litwareinc.com demo directory…');
    const seedPassword = resolveSeedPassword();
    const { users } = await seedDemoDirectory(db, { users: 2000, password: seedPassword.password, log: (line) => console.log(line) });
    console.log(`Seeded ${users.toLocaleString('en-US')} users.`);
    await seedDemoBridge(handle, process.env.SEED_BRIDGE_KEY, (line) => console.log(line));
    printSignInHelp(seedPassword);
  } finally {
    await db.$disconnect();
  }
}
