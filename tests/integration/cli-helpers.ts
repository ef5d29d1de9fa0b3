/**
 * Running the real `pindesk` CLI as child processes, through a real shell (`sh -c`), on a
 * database of its own holding a small demo directory (so the other suites' users and the
 * CLI's writes never meet).
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createDb, type DbHandle } from '../../lib/db/client';
import { databaseTarget } from '../../lib/db/database-url';
import { seedDemoDirectory } from '../../lib/db/seed/demo-directory';
import { projectRoot } from '../../lib/config/project-root';
import { freshPostgresDatabase } from '../../scripts/test-databases';

export const root = projectRoot();

export type Run = { code: number; stdout: string; stderr: string; lines: unknown[]; errors: string[] };

/** A fresh, migrated, seeded database of the engine the suite runs on. */
export async function createCliDatabase(users: number): Promise<{ url: string; handle: DbHandle }> {
  const provider = databaseTarget().provider;
  let url: string;
  if (provider === 'sqlite') {
    const file = path.join(root, 'data', 'integration-cli.db');
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
    url = `file:${file}`;
  } else {
    url = await freshPostgresDatabase('pindesk_integration_cli');
  }
  execFileSync('npx', ['tsx', 'scripts/migrate.ts'], { cwd: root, stdio: 'pipe', env: { ...process.env, DATABASE_URL: url } });
  const handle = createDb(databaseTarget(url));
  await seedDemoDirectory(handle.db, { users, password: 'cli-Passw0rd!', provider });
  return { url, handle };
}

/** Runs a shell command line; stdout is parsed as JSON lines, stderr split into lines (npm's own warnings dropped). */
export function sh(command: string, env: Record<string, string>, stdin?: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', command], { cwd: root, env: { ...process.env, PINDESK_URL: '', PINDESK_TOKEN: '', PINDESK_OUTPUT: '', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const lines = stdout
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => JSON.parse(l));
      const errors = stderr.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('npm warn'));
      resolve({ code: code ?? -1, stdout, stderr, lines, errors });
    });
    child.stdin.end(stdin ?? '');
  });
}
