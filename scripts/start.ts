/**
 * `npm start`: everything between a fresh clone and a running control panel.
 *   1. secrets (AUTH_SECRET, PIN_PEPPER, AUDIT_CHAIN_KEY): from the environment; outside
 *      production generated once into .secrets/
 *   2. database: migrated to the latest schema (SQLite file under data/ unless DATABASE_URL)
 *   3. demo directory: seeded when the database has no users, outside production or with
 *      PINDESK_SEED_DEMO=1 (lib/db/seed/demo-seed-decision.ts)
 *   4. build: `next build` when there is no build yet
 *   5. the production server (server.ts: Next.js plus the bridges' PIN logon) on PORT (default 3000)
 * NODE_ENV=production set by the operator means production: secrets must then come from
 * the environment.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { getSecret, MissingSecretError } from '../lib/config/secrets';
import { projectRoot } from '../lib/config/project-root';
import { prepareRuntime } from './prepare-runtime';
import { productionServerArgs, productionServerEnv } from './production-server';

const root = projectRoot();
const nextBin = path.join(root, 'node_modules', '.bin', 'next');

function run(command: string, args: string[], env: Record<string, string | undefined>): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, env: env as NodeJS.ProcessEnv, stdio: 'inherit' });
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => child.kill(signal));
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

async function main() {
  const port = process.env.PORT ?? '3000';
  if (!/^\d{1,5}$/.test(port) || Number(port) < 1 || Number(port) > 65535) {
    throw new Error(`PORT must be a number from 1 to 65535 (got "${port}").`);
  }
  const env = productionServerEnv({
    // Next.js telemetry would try to reach the internet on every start and build.
    NEXT_TELEMETRY_DISABLED: '1',
    ...process.env,
    AUTH_SECRET: getSecret('AUTH_SECRET'),
    PIN_PEPPER: getSecret('PIN_PEPPER'),
    AUDIT_CHAIN_KEY: getSecret('AUDIT_CHAIN_KEY'),
    PINDESK_ROOT: root,
  });
  Object.assign(process.env, env);
  // Settings the server reads later are checked before a migration or a build.
  await prepareRuntime(env);

  if (!fs.existsSync(path.join(root, '.next', 'BUILD_ID'))) {
    console.log('No production build yet: running `next build` (about a minute)…');
    const code = await run(nextBin, ['build'], { ...env, NODE_ENV: 'production' });
    if (code !== 0) throw new Error(`next build failed with exit code ${code}.`);
  }
  console.log(`Starting PinDesk on http://localhost:${port}`);
  process.exitCode = await run(process.execPath, productionServerArgs(['-p', port]), env);
}

main().catch((error) => {
  console.error(error instanceof MissingSecretError || error instanceof Error ? error.message : error);
  process.exit(1);
});
