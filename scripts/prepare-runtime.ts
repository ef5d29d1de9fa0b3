/**
 * What `npm start` does before it builds and serves, and all that `npm run dev` needs before
 * `next dev`: the secrets (generated once into .secrets/ outside production; `next dev` reads
 * them from there), settings the server reads later checked now, the database migrated, and
 * the demo directory in an empty database (lib/db/seed/demo-seed-decision.ts).
 */
import path from 'node:path';
import { localAccountsEnabled, oidcSettingsFromEnv } from '../lib/auth/auth-settings';
import { roleMappingFromEnv } from '../lib/auth/role-mapping';
import { auditCheckpointIntervalMs } from '../lib/config/audit-checkpoints';
import { getAuditChainKey, getSecret } from '../lib/config/secrets';
import { migrateDatabase } from './migrate';
import { seedIfEmpty } from './seed-if-empty';

/** `env`: the environment the server will run with (start.ts passes the one it built). */
export async function prepareRuntime(env: Record<string, string | undefined> = process.env): Promise<void> {
  getSecret('AUTH_SECRET');
  getSecret('PIN_PEPPER');
  getAuditChainKey();
  auditCheckpointIntervalMs(env);
  oidcSettingsFromEnv(env);
  localAccountsEnabled(env);
  roleMappingFromEnv(env);
  await migrateDatabase();
  // Checks PINDESK_SEED_DEMO before it touches the database.
  await seedIfEmpty({ env });
}

if (path.resolve(process.argv[1] ?? '') === path.resolve(import.meta.filename)) {
  prepareRuntime().then(
    // Exit explicitly: Prisma's wasm engine leaves timers that keep the process alive a while.
    () => process.exit(0),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : String(error));
      process.exit(1);
    },
  );
}
