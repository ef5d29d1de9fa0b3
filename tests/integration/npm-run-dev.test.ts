/**
 * `npm run dev` from a fresh database: it migrates and seeds it, starts `next dev`, serves the
 * sign-in page, and SIGTERM to npm leaves no process of its tree running and frees the port.
 * The database is of the engine under test (a new SQLite file, or a new PostgreSQL database).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { projectRoot } from '../../lib/config/project-root';
import { databaseTarget } from '../../lib/db/database-url';
import { freePort, isListening } from '../../scripts/production-server';
import { freshPostgresDatabase } from '../../scripts/test-databases';
import { captureOutput, commandOf, isRunning, processTree, startedProcesses, waitUntil } from './process-tree';

// Migrating and seeding the demo directory, then `next dev` compiling the page on its first
// request: both are slow on a small shared machine, so the bounds are generous.
const LISTEN_WITHIN_MS = 180_000;
const FIRST_PAGE_WITHIN_MS = 240_000;
const GONE_WITHIN_MS = 30_000;

const provider = databaseTarget().provider;
const seen = startedProcesses();
afterEach(() => seen.killLeftovers());

async function freshDatabaseUrl(): Promise<string> {
  if (provider === 'sqlite') return `file:${path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pindesk-dev-')), 'dev.db')}`;
  return freshPostgresDatabase('pindesk_dev_check');
}

describe(`npm run dev on ${provider}`, () => {
  it(
    'prepares a fresh database, serves /sign-in, and stops with nothing left running',
    async () => {
      const port = await freePort();
      const npm = spawn('npm', ['run', 'dev'], {
        cwd: projectRoot(),
        // Secrets come from the suite's environment, so nothing is written to .secrets/.
        env: { ...process.env, NODE_ENV: 'development', DATABASE_URL: await freshDatabaseUrl(), PORT: String(port), NEXT_TELEMETRY_DISABLED: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      seen.add(npm.pid!);
      const output = captureOutput(npm);
      const exited = new Promise<number | null>((resolve) => npm.once('exit', (code) => resolve(code)));

      await waitUntil(
        `npm run dev to listen on ${port}`,
        async () => {
          if (npm.exitCode !== null) throw new Error(`npm run dev exited (${npm.exitCode}):\n${output()}`);
          for (const pid of processTree(npm.pid!)) seen.add(pid);
          return isListening(port);
        },
        LISTEN_WITHIN_MS,
      );
      // The preparation ran before the server: the empty database got the demo directory.
      expect(output()).toMatch(/Seeded [\d,]+ users\./);

      const response = await fetch(`http://127.0.0.1:${port}/sign-in`, { signal: AbortSignal.timeout(FIRST_PAGE_WITHIN_MS) });
      const html = await response.text();
      expect(response.status, output()).toBe(200);
      expect(html).toContain('Sign in to PinDesk');
      const inputs = html.match(/<input[^>]*>/g) ?? [];
      expect(html).toMatch(/<form[^>]*>/);
      expect(inputs.some((tag) => tag.includes('name="email"') && tag.includes('type="text"'))).toBe(true);
      expect(inputs.some((tag) => tag.includes('name="password"') && tag.includes('type="password"'))).toBe(true);
      expect(html).toMatch(/<button[^>]*type="submit"[^>]*>Sign in<\/button>/);

      const tree = processTree(npm.pid!);
      for (const pid of tree) seen.add(pid);
      expect(
        tree.some((pid) => commandOf(pid).includes('next') && commandOf(pid).includes('dev')),
        tree.map(commandOf).join('\n'),
      ).toBe(true);

      npm.kill('SIGTERM');
      await waitUntil('every process of npm run dev to end', () => tree.every((pid) => !isRunning(pid)), GONE_WITHIN_MS);
      await exited;
      expect(await isListening(port)).toBe(false);
    },
    LISTEN_WITHIN_MS + FIRST_PAGE_WITHIN_MS + GONE_WITHIN_MS,
  );
});
