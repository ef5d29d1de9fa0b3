/**
 * `npm start`: everything between a fresh clone and a running control panel.
 *   1. secrets (AUTH_SECRET, PIN_PEPPER, AUDIT_CHAIN_KEY): from the environment; outside
 *      production generated once into .secrets/
 *   2. database: migrated to the latest schema (SQLite file under data/ unless DATABASE_URL)
 *   3. demo directory: seeded when the database has no users, outside production or with
 *      PINDESK_SEED_DEMO=1 (lib/db/seed/demo-seed-decision.ts)
 *   4. build: `next build` when there is no build yet
 *   5. the production server (server.ts: Next.js plus the bridges' PIN logon) on PORT (default 3000),
 *      as a child this process passes SIGTERM/SIGINT/SIGHUP to and waits for; it exits with the
 *      server's code. npm runs this file with `exec node --import tsx` (package.json): no tsx
 *      or shell process in between that a supervisor's signal could end without passing it on.
 * NODE_ENV=production set by the operator means production: secrets must then come from
 * the environment.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { getSecret, MissingSecretError } from '../lib/config/secrets';
import { projectRoot } from '../lib/config/project-root';
import { prepareRuntime } from './prepare-runtime';
import { productionServerArgs, productionServerEnv } from './production-server';

const root = projectRoot();
const nextBin = path.join(root, 'node_modules', '.bin', 'next');

const RELAYED_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
/** As the server's own window (lib/server/graceful-shutdown.ts): repeats this soon are one stop. */
const SAME_STOP_WINDOW_MS = 1000;
/** The last stop passed on to the child, if any. */
let passedOn: { signal: NodeJS.Signals; at: number } | undefined;

/**
 * Runs a child to its end, passing on SIGINT/SIGTERM/SIGHUP and waiting for it to exit. One
 * stop is passed on once: the same signal again within SAME_STOP_WINDOW_MS (one Ctrl+C reaches
 * this process from the terminal and again through npm) is not passed on, or the server would
 * take it as a second stop and exit at once; a later or different signal is passed on, and
 * the server then exits at once. The server gets an IPC channel, whose closing tells it this
 * process is gone (kill -9): it stops rather than live on as an orphan.
 */
function run(command: string, args: string[], env: Record<string, string | undefined>, { ipc = false } = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: root,
      env: env as NodeJS.ProcessEnv,
      stdio: ['inherit', 'inherit', 'inherit', ...(ipc ? ['ipc' as const] : [])],
    });
    const relay = (signal: NodeJS.Signals) => {
      const now = Date.now();
      if (passedOn && passedOn.signal === signal && now - passedOn.at < SAME_STOP_WINDOW_MS) return;
      passedOn = { signal, at: now };
      child.kill(signal);
    };
    for (const signal of RELAYED_SIGNALS) process.on(signal, relay);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      for (const signal of RELAYED_SIGNALS) process.off(signal, relay);
      // Killed by a signal: the shell's convention, 128 + its number.
      resolve(code ?? (signal ? 128 + (os.constants.signals[signal] ?? 0) : 1));
    });
  });
}

/**
 * npm runs this script through `sh -c exec …`, so npm's signal reaches this process. Should the
 * process that started it die without a signal, this one is re-parented: it then stops the
 * server as if told to, unless a signal was already passed on: a parent that exits right after
 * passing one on (npm 11 waits; other wrappers may not) is no second stop, which would make the
 * server exit at once, mid-stop.
 */
function stopWhenOrphaned(): void {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    if (passedOn) return;
    console.error('The process that ran `npm start` is gone: stopping the server.');
    process.emit('SIGTERM', 'SIGTERM');
  }, 1000);
  timer.unref();
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
  stopWhenOrphaned();
  process.exitCode = await run(process.execPath, productionServerArgs(['-p', port]), env, { ipc: true });
}

main().catch((error) => {
  console.error(error instanceof MissingSecretError || error instanceof Error ? error.message : error);
  process.exit(1);
});
