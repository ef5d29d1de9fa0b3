/**
 * Starts one more production server (server.ts on the existing `.next` build, as `npm start` runs it) on
 * loopback, for tests and benchmarks that need several app instances or their own server.
 * The caller owns the process: `stop()` ends it and waits for its exit; a process exit of
 * the caller kills it too, so a failed run leaves no server behind.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { projectRoot } from '../lib/config/project-root';
import { libuvThreadPoolSize } from '../lib/config/thread-pool';

export type ProductionServer = {
  url: string;
  pid: number;
  /** Ends the server (SIGTERM, then SIGKILL after 20 s) and resolves once it has exited. */
  stop(): Promise<void>;
  /** Resolves when the process has exited, however that came about. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The last few thousand characters of its stdout and stderr. */
  output(): string;
};

const root = projectRoot();
const STARTUP_TIMEOUT_MS = 60_000;
const KEEP_OUTPUT_CHARS = 4_000;

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

function killAllOnExit() {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const child of running) child.kill('SIGKILL');
  });
}

/** Node's arguments for the production server (server.ts, TypeScript run by tsx), as `npm start` runs it. */
export function productionServerArgs(serverArgs: string[]): string[] {
  return ['--import', 'tsx', path.join(root, 'server.ts'), ...serverArgs];
}

/** The server process's environment: `env`, with libuv's thread pool sized for argon2 (lib/config/thread-pool.ts). */
export function productionServerEnv(env: Record<string, string | undefined>): Record<string, string | undefined> {
  return { ...env, UV_THREADPOOL_SIZE: String(libuvThreadPoolSize(env)) };
}

export function hasProductionBuild(): boolean {
  return fs.existsSync(path.join(root, '.next', 'BUILD_ID'));
}

/**
 * `env` is added to this process's environment; it must name the database (DATABASE_URL) and
 * the secrets (AUTH_SECRET, PIN_PEPPER, AUDIT_CHAIN_KEY: the server runs with
 * NODE_ENV=production) unless this process's environment already does. Nothing is migrated
 * or seeded here (that is `npm start`'s part): the caller prepares the database.
 */
export async function startProductionServer(
  port: number,
  env: Record<string, string | undefined> = {},
  /** Flags for the server's Node.js (e.g. --cpu-prof), which NODE_OPTIONS does not all allow. */
  nodeFlags: string[] = [],
): Promise<ProductionServer> {
  if (!hasProductionBuild()) throw new Error('There is no production build (.next/BUILD_ID): run `npm run build` first.');
  const url = `http://127.0.0.1:${port}`;
  // Otherwise the health check below could be answered by whatever already listens there.
  if (await isListening(port)) throw new Error(`Port ${port} is already in use on 127.0.0.1: stop what listens there or choose another port.`);
  // server.ts serves in this one process (no worker), so its pid is the server's.
  const child = spawn(process.execPath, [...nodeFlags, ...productionServerArgs(['-p', String(port), '-H', '127.0.0.1'])], {
    cwd: root,
    env: productionServerEnv({
      ...process.env,
      NEXT_TELEMETRY_DISABLED: '1',
      NODE_ENV: 'production',
      PINDESK_ROOT: root,
      ...env,
      PORT: String(port),
    }) as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  killAllOnExit();
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-KEEP_OUTPUT_CHARS);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  exited.then(() => running.delete(child));

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    // Beyond the server's own stop bound (SHUTDOWN_TIMEOUT_SECONDS, 8 s by default).
    const force = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(force);
  };

  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`The server on port ${port} exited during start-up (${child.exitCode ?? child.signalCode}):\n${output}`);
    }
    try {
      const response = await fetch(`${url}/api/health`);
      if (response.ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`The server on port ${port} did not answer /api/health within ${STARTUP_TIMEOUT_MS / 1000} s (is the port taken?):\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { url, pid: child.pid!, stop, exited, output: () => output };
}

/** A port nothing listens on now (the kernel's pick), for a server to take. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** Whether something accepts connections on the port on 127.0.0.1. */
export function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
