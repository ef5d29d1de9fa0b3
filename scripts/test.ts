/**
 * `npm test`: the dependency rules (`npm run lint:deps`), the linter and the format check
 * (`npm run lint`, `npm run format:check`), then every suite — unit (no database), integration
 * on SQLite and PostgreSQL, e2e in Chromium on SQLite and PostgreSQL — then one closing line
 * with the totals and the steps that failed.
 * Usage: npm test [-- deps|lint|unit|integration|e2e ...] to run only some steps.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../lib/config/project-root';

const root = projectRoot();
const reports = fs.mkdtempSync(path.join(os.tmpdir(), 'pindesk-test-'));
const totals = { passed: 0, failed: 0, skipped: 0 };
const failedSteps: string[] = [];

function tally(file: string, kind: 'vitest' | 'playwright') {
  if (!fs.existsSync(file)) return;
  const report = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (kind === 'vitest') {
    totals.passed += report.numPassedTests ?? 0;
    totals.failed += report.numFailedTests ?? 0;
    totals.skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  } else {
    totals.passed += report.stats?.expected ?? 0;
    totals.failed += (report.stats?.unexpected ?? 0) + (report.stats?.flaky ?? 0);
    totals.skipped += report.stats?.skipped ?? 0;
  }
}

function run(label: string, args: string[], env: Record<string, string | undefined> = {}, command = 'npx') {
  console.log(`\n=== ${label} ===`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.status !== 0) {
    failedSteps.push(label);
    console.error(`\n${label}: FAILED (exit ${result.status ?? result.signal})`);
  }
}

const wanted = new Set(process.argv.slice(2).length ? process.argv.slice(2) : ['deps', 'lint', 'unit', 'integration', 'e2e']);

if (wanted.has('deps')) {
  // A broken layering rule fails the run like a failed test; it has no test count of its own.
  run('dependency rules (dependency-cruiser)', ['run', '--silent', 'lint:deps'], {}, 'npm');
}
if (wanted.has('lint')) {
  // Like the dependency rules: a warning or an unformatted file fails the run, with no test count.
  run('lint (ESLint, zero warnings)', ['run', '--silent', 'lint'], {}, 'npm');
  run('format (Prettier)', ['run', '--silent', 'format:check'], {}, 'npm');
}

if (wanted.has('unit')) {
  const out = path.join(reports, 'unit.json');
  run('unit (Vitest, no database)', ['vitest', 'run', '--project', 'unit', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`]);
  tally(out, 'vitest');
}
if (wanted.has('integration')) {
  // Each engine writes its own report file (the runner passes the argument through).
  for (const engine of ['sqlite', 'postgresql']) fs.rmSync(path.join(reports, `integration-${engine}.json`), { force: true });
  const out = path.join(reports, 'integration-ENGINE.json');
  run('integration (SQLite and PostgreSQL)', ['tsx', 'scripts/test-integration.ts', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`]);
  for (const engine of ['sqlite', 'postgresql']) tally(path.join(reports, `integration-${engine}.json`), 'vitest');
}
if (wanted.has('e2e')) {
  const out = path.join(reports, 'e2e-ENGINE.json');
  run('e2e (Playwright, Chromium)', ['tsx', 'scripts/test-e2e.ts', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: out });
  for (const engine of ['sqlite', 'postgresql']) tally(path.join(reports, `e2e-${engine}.json`), 'playwright');
}

const failedLine = failedSteps.length ? `; failed steps: ${failedSteps.join(', ')}` : '';
console.log(`\nSummary: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped${failedLine}`);
process.exit(failedSteps.length > 0 || totals.failed > 0 ? 1 : 0);
