/**
 * Prisma CLI configuration for the sqlite engine (generate, migrate deploy). The JS schema
 * engine and the driver adapter make migrations work offline (../shared/STACK.md).
 * Used through `prisma … --config prisma/sqlite.config.ts`; see scripts/migrate.ts.
 */
import { defineConfig } from 'prisma/config';
import { providerPaths } from './providers';
import { databaseTarget } from '../lib/db/database-url';
import { createAdapterFactory } from '../lib/db/adapters';

const paths = providerPaths('sqlite');

export default defineConfig({
  experimental: { adapter: true },
  schema: paths.schema,
  migrations: { path: paths.migrations },
  engine: 'js',
  async adapter() {
    const target = databaseTarget();
    if (target.provider !== 'sqlite') {
      throw new Error(`prisma/sqlite.config.ts was used but DATABASE_URL points at ${target.provider}`);
    }
    return createAdapterFactory(target);
  },
});
