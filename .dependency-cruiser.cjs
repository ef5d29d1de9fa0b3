/**
 * The layering rules `npm run lint:deps` checks (dependency-cruiser; part of `npm test`).
 * Rules go by path, so files added later under these folders are covered as they appear.
 * Type-only imports count: a type from storage in a component still ties it to storage.
 */
const FRAMEWORK = '^node_modules/(next|react|react-dom|next-auth|@auth)/';
const PRISMA = '^(node_modules/(@prisma|prisma|\\.prisma)/|lib/db/generated/)';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'pin-domain-no-framework',
      comment: 'lib/pin is the domain: it takes its store, clock and hasher as arguments, so the API, the CLI and unit tests reuse it unchanged.',
      severity: 'error',
      from: { path: '^lib/pin/' },
      to: { path: FRAMEWORK },
    },
    {
      name: 'pin-domain-no-storage',
      comment: 'lib/pin talks to storage only through its PinStore interface (lib/pin/store.ts), never to lib/db or Prisma.',
      severity: 'error',
      from: { path: '^lib/pin/' },
      to: { path: [PRISMA, '^lib/db/'] },
    },
    {
      name: 'only-lib-db-imports-prisma',
      comment:
        'Prisma stays behind lib/db: the application calls its functions and types. prisma/ (schema tooling), tests, e2e and benchmarks may build clients of their own.',
      severity: 'error',
      from: { pathNot: '^(lib/db|prisma|tests|e2e|bench)/' },
      to: { path: PRISMA },
    },
    {
      name: 'routes-and-components-no-storage',
      comment:
        'Pages, actions, route handlers and components reach data through lib/pin use cases and service modules (lib/<area>), never lib/db, not even for a type.',
      severity: 'error',
      from: { path: '^(app|components)/' },
      to: { path: '^lib/db/' },
    },
  ],
  options: {
    // Listed as targets (so the rules see them) but not read: the generated client is large.
    doNotFollow: { path: ['^node_modules/', '^lib/db/generated/'] },
    // Reads the source before compilation, so `import type` lines are seen too.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
  },
};
