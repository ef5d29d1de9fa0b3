// ESLint (`npm run lint`, part of `npm test`): Next.js's flat config with typescript-eslint, zero warnings.
// Run through scripts/typescript-6-for-tools.cjs: typescript-eslint needs the TypeScript 6 compiler API.
import { defineConfig, globalIgnores } from 'eslint/config';
import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    rules: {
      // `const { secret, ...rest } = row` is how a key is left out of a copy.
      '@typescript-eslint/no-unused-vars': ['warn', { ignoreRestSiblings: true }],
    },
  },
  {
    // CommonJS files (preloads, tool configs) can only load modules with require().
    files: ['**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Playwright's fixtures hand their value on with a callback named `use`, which is not React's use().
    files: ['e2e/**'],
    rules: { 'react-hooks/rules-of-hooks': 'off' },
  },
  globalIgnores([
    '.next/**',
    'out/**',
    'build/**',
    'next-env.d.ts',
    'lib/db/generated/**',
    'prisma/generated/**',
    'data/**',
    'test-results/**',
    'playwright-report/**',
    'coverage/**',
  ]),
]);
