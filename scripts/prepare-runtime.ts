/**
 * `npm run dev` runs this before `next dev`: the steps of `npm start` that the development
 * server needs and does not do itself — the secrets (generated once into .secrets/ outside
 * production; `next dev` reads them from there), the database migrated, and the demo
 * directory in an empty database (lib/db/seed/demo-seed-decision.ts).
 */
import { auditCheckpointIntervalMs } from '../lib/config/audit-checkpoints';
import { getAuditChainKey, getSecret } from '../lib/config/secrets';
import { demoSeedDecision } from '../lib/db/seed/demo-seed-decision';
import { migrateDatabase } from './migrate';
import { seedIfEmpty } from './seed-if-empty';

async function main() {
  getSecret('AUTH_SECRET');
  getSecret('PIN_PEPPER');
  getAuditChainKey();
  auditCheckpointIntervalMs(process.env);
  demoSeedDecision(process.env);
  await migrateDatabase();
  await seedIfEmpty();
}

main().then(
  // Exit explicitly: Prisma's wasm engine leaves timers that keep the process alive a while.
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
