import path from 'node:path';

/**
 * The project directory (where data/ and .secrets/ live). Scripts run by tsx know their own
 * location; inside the Next.js server bundle import.meta.dirname is undefined and the server
 * runs from the project directory. PINDESK_ROOT overrides both.
 */
export function projectRoot(): string {
  if (process.env.PINDESK_ROOT) return path.resolve(process.env.PINDESK_ROOT);
  const here = import.meta.dirname;
  return here ? path.resolve(here, '..', '..') : process.cwd();
}
