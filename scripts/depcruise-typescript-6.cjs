/**
 * Preloaded by `npm run lint:deps` (node --require) for dependency-cruiser alone.
 * dependency-cruiser 17 reads TypeScript sources through the `typescript` package's compiler
 * API, which TypeScript 7 (the project's compiler, native) no longer ships; without it .ts and
 * .tsx files go unparsed and `import type` lines unseen. TypeScript 6 is installed under the
 * alias `typescript-6`, and this sends that one process's `typescript` requests there, for
 * require() (the version check) and for import() (the parser) alike.
 */
const Module = require('node:module');
const { pathToFileURL } = require('node:url');

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const target = request === 'typescript' || request.startsWith('typescript/') ? request.replace(/^typescript/, 'typescript-6') : request;
  return resolveFilename.call(this, target, ...rest);
};

Module.register(
  `data:text/javascript,${encodeURIComponent(`
    export async function resolve(specifier, context, next) {
      if (specifier === 'typescript' || specifier.startsWith('typescript/')) specifier = specifier.replace(/^typescript/, 'typescript-6');
      return next(specifier, context);
    }`)}`,
  pathToFileURL(__filename),
);
