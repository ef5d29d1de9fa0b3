/**
 * Prisma CLI configuration for the postgresql engine (generate, migrate deploy). The JS schema
 * engine and the driver adapter make migrations work offline (../shared/STACK.md).
 * Used through `prisma … --config prisma/postgresql.config.ts`; see scripts/migrate.ts.
 */
import { defineConfig } from 'prisma/config';
import { providerPaths } from './providers';
import { databaseTarget } from '../lib/db/database-url';
import { createAdapterFactory } from '../lib/db/adapters';

const paths = providerPaths('postgresql');

export default defineConfig({
  experimental: { adapter: true },
  schema: paths.schema,
  migrations: { path: paths.migrations },
  engine: 'js',
  async adapter() {
    const target = databaseTarget();
    if (target.provider !== 'postgresql') {
      throw new Error(`prisma/postgresql.config.ts was used but DATABASE_URL points at ${target.provider}`);
    }
    return createAdapterFactory(target);
  },
});
