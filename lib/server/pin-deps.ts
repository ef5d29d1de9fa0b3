import 'server-only';

/** For pages, server actions and route handlers; see process-pin-deps.ts. */
export { getPinDeps } from './process-pin-deps';
