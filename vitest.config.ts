import { defineConfig } from 'vitest/config';
import path from 'node:path';

export default defineConfig({
  resolve: { alias: { '@': path.resolve(import.meta.dirname) } },
  test: {
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['lib/**/*.test.ts', 'bench/**/*.test.ts', 'tests/contract/memory-pin-store.test.ts'], environment: 'node' },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts', 'tests/contract/db-pin-store.test.ts'],
          environment: 'node',
          // Route handlers import 'server-only', whose default export throws outside Next's
          // server bundles; its own react-server build is empty (tests/integration/route-harness.ts).
          alias: { 'server-only': path.resolve(import.meta.dirname, 'node_modules/server-only/empty.js') },
          // next-auth imports 'next/server' without an extension, which Node's ESM loader refuses; Vite resolves it.
          server: { deps: { inline: ['next-auth'] } },
          setupFiles: ['tests/integration/next-runtime.ts'],
          // The suites share one database per engine; run files one after another.
          fileParallelism: false,
          // The streamed-export test measures retained memory: it collects garbage as it reads.
          execArgv: ['--expose-gc'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
