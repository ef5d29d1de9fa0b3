/**
 * The two database engines PinDesk runs on, and where each one's generated schema, client
 * and migrations live. Shared by the generate script, the Prisma configs and lib/db.
 */
import path from 'node:path';
import { projectRoot } from '../lib/config/project-root';

export const providers = ['sqlite', 'postgresql'] as const;
export type Provider = (typeof providers)[number];

export function providerPaths(provider: Provider) {
  return {
    schema: path.join(projectRoot(), 'prisma', provider, 'schema.prisma'),
    migrations: path.join(projectRoot(), 'prisma', provider, 'migrations'),
    config: path.join(projectRoot(), 'prisma', `${provider}.config.ts`),
    client: path.join(projectRoot(), 'lib', 'db', 'generated', provider),
  };
}

/** SQLite unless DATABASE_URL names PostgreSQL. */
export function providerFromUrl(url: string | undefined): Provider {
  if (!url || url.startsWith('file:')) return 'sqlite';
  if (/^postgres(ql)?:\/\//.test(url)) return 'postgresql';
  throw new Error(
    `DATABASE_URL must start with postgresql:// (PostgreSQL) or file: (SQLite), or be unset for the default SQLite file; got "${url.split(':')[0]}:…"`,
  );
}
