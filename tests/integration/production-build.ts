/**
 * The production build the real-server tests need (`npm start`, server.ts): the existing one
 * when there is one (the e2e suite makes it too), else `next build` once, about 1–2 minutes.
 * What these tests exercise runs outside the build (server.ts, scripts/, lib/jobs started by
 * server.ts), so an older build serves them as well.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { projectRoot } from '../../lib/config/project-root';
import { hasProductionBuild } from '../../scripts/production-server';

export const BUILD_TIMEOUT_MS = 600_000;

export function ensureProductionBuild(): void {
  if (hasProductionBuild()) return;
  const root = projectRoot();
  execFileSync(path.join(root, 'node_modules', '.bin', 'next'), ['build'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
    timeout: BUILD_TIMEOUT_MS,
  });
}
