/**
 * Preloaded (node --require) by the tools that parse TypeScript through the `typescript`
 * package's compiler API: dependency-cruiser (`npm run lint:deps`) and ESLint with
 * typescript-eslint (`npm run lint`). TypeScript 7, the project's compiler (native), no longer
 * ships that API, so those tools would fail or leave .ts and .tsx files unparsed. TypeScript 6
 * is installed under the alias `typescript-6`, and this sends that one process's `typescript`
 * requests there, for require() and for import() alike. `tsc` itself stays on TypeScript 7.
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
