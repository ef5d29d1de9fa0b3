import 'server-only';
/**
 * The composition root (composition-root.ts) for pages, server actions and route handlers.
 * The 'server-only' marker sits here and on the service modules (lib/<area>/…-service.ts),
 * which only Next.js's server bundles load; lib/db and the composition root carry none, since
 * server.ts, the CLI, scripts and tests load them under plain Node, where the package throws.
 */
import type { PinLogonEnv } from '../api/pin-logon-handler';
import { getDb, getPinDeps } from './composition-root';

export { getPinDeps };

/** What the PIN logon handler runs on: this process's database and PIN store. */
export function getPinLogonEnv(): PinLogonEnv {
  return { handle: getDb(), deps: getPinDeps() };
}
