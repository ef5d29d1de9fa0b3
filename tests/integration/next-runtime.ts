/**
 * What Next.js's Node server sets up before any route runs: its request scopes live in an
 * AsyncLocalStorage it finds on globalThis. Loaded first (vitest setupFiles) so that route
 * handlers can be called in-process (route-harness.ts).
 */
import { AsyncLocalStorage } from 'node:async_hooks';

(globalThis as { AsyncLocalStorage?: typeof AsyncLocalStorage }).AsyncLocalStorage ??= AsyncLocalStorage;
