/**
 * The production HTTP server (`npm start` runs it through scripts/start.ts): Next.js for
 * every page, action and API route, except the conferencing bridges' PIN logon, which is
 * answered here before Next.js sees it (lib/api/pin-logon-node.ts). That path is the one
 * machines call under load; Next.js's router and web Request/Response wrapping cost about
 * as much CPU per logon as everything else but the argon2 verify (bench/logon-http.ts).
 * The answers are the same: `next dev` and plain `next start` serve them from
 * app/api/v1/pin-logon/route.ts, through the same lib/api/pin-logon-handler.ts.
 *
 * It also sees the socket, which Next.js does not: it works out the client's address and
 * protocol (the socket's peer, or what the proxies TRUSTED_PROXIES names say) and hands them to
 * Next.js in private headers, after deleting any the client sent (lib/http/client-address.ts).
 *
 * It answers GET /metrics too (lib/ops/metrics-endpoint.ts): this process's metrics, which the
 * Next.js bundle's code counts into the same registry.
 *
 * Usage: node --import tsx server.ts [-p <port>] [-H <address>]   (default: port 3000, all
 * addresses; PORT is read when -p is absent). Needs a production build (`next build`).
 */
import http from 'node:http';
import type { CheckpointTimer } from './lib/audit/checkpoint-timer';
import { shutdownTimeoutMs } from './lib/config/shutdown';
import type { Db } from './lib/db/client';
import { closeHttpServer } from './lib/http/close-server';
import type { BulkJobRunner } from './lib/jobs/runner';
import type { SyncScheduler } from './lib/directory/sync-scheduler';
import { createGracefulShutdown } from './lib/server/graceful-shutdown';

type Options = { port: number; hostname: string | undefined };

function parseArguments(args: string[], env: NodeJS.ProcessEnv): Options {
  let port = env.PORT ?? '3000';
  let hostname: string | undefined;
  for (let i = 0; i < args.length; i += 2) {
    const [flag, value] = [args[i], args[i + 1]];
    if (value === undefined) throw new Error(`${flag} needs a value. Usage: server.ts [-p <port>] [-H <address>]`);
    if (flag === '-p' || flag === '--port') port = value;
    else if (flag === '-H' || flag === '--hostname') hostname = value;
    else throw new Error(`Unknown option ${flag}. Usage: server.ts [-p <port>] [-H <address>]`);
  }
  if (!/^\d{1,5}$/.test(port) || Number(port) < 1 || Number(port) > 65535) {
    throw new Error(`The port must be a number from 1 to 65535 (got "${port}").`);
  }
  return { port: Number(port), hostname };
}

async function main() {
  // First: from here on every console line of this process is a JSON log line (LOG_LEVEL, LOG_FORMAT).
  const { logger, routeConsoleToLogger } = await import('./lib/ops/logger');
  const log = logger();
  routeConsoleToLogger(log);
  consoleIsLog = true;
  const { port, hostname } = parseArguments(process.argv.slice(2), process.env);
  // A bad TRUSTED_PROXIES stops the start with its message, before anything is served.
  const { configuredProxyTrust } = await import('./lib/http/trusted-proxies');
  const trust = configuredProxyTrust();
  // So do a missing audit chain key and a bad checkpoint interval, before "listening" is printed.
  const { auditCheckpointIntervalMs } = await import('./lib/config/audit-checkpoints');
  const { getAuditChainKey } = await import('./lib/config/secrets');
  auditCheckpointIntervalMs();
  getAuditChainKey();
  // And database limits that are not whole numbers in range (lib/config/database-limits.ts).
  const { databaseLimits } = await import('./lib/config/database-limits');
  databaseLimits();
  // And metrics settings (METRICS_TOKEN, METRICS_ALLOW).
  const { METRICS_PATH, metricsAccessFromEnv, serveMetrics } = await import('./lib/ops/metrics-endpoint');
  const metricsAccess = metricsAccessFromEnv(process.env);
  const boundMs = shutdownTimeoutMs();
  // From here on a signal stops whatever has started, within the bound (see lib/server/graceful-shutdown.ts).
  const shutdown = createGracefulShutdown({
    boundMs,
    log: (message) => console.error(`[server] ${message}`),
    exit: (code) => process.exit(code),
    phases: () => [
      [
        running.server && {
          name: 'HTTP requests in flight',
          // Then Next.js's close, which awaits the after() work of the requests answered (the
          // download's bulk_job.pins_downloaded audit): registered while each request ran, so
          // all of it is known once the last connection has closed.
          run: async () => {
            await closeHttpServer(running.server!);
            await running.app?.close();
          },
        },
        // Half the bound for the batch in flight to commit; what is still uncommitted then is released.
        running.jobs && { name: 'the bulk job batch in flight', run: () => running.jobs!.stop({ graceMs: boundMs / 2 }) },
        // A running sync stops after its batch in flight; the next run finishes its work.
        running.directory && { name: 'the directory sync in flight', run: () => running.directory!.stop() },
      ],
      // After the last commit, so the final checkpoint covers it.
      [running.checkpoints && { name: 'the last audit checkpoint', run: () => running.checkpoints!.stop() }],
      [running.db && { name: 'the database connections', run: () => running.db!.$disconnect() }],
    ],
  });
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, () => shutdown.begin(signal));
  // Started by scripts/start.ts with an IPC channel: if that process dies without relaying a
  // signal (kill -9), the channel closes and this server stops rather than live on as an orphan.
  if (process.channel) {
    process.channel.unref();
    process.once('disconnect', () => shutdown.begin('The process that started this server (npm start) is gone'));
  }
  failStart = (error) => {
    reportStartFailure(error);
    shutdown.begin('Start-up failed', { failed: true });
  };

  const { stampClientHeaders } = await import('./lib/http/client-address');
  // Before Next.js and React load: they pick their production builds from it.
  Object.assign(process.env, { NODE_ENV: 'production' });
  const { default: next } = await import('next');
  const { PIN_LOGON_PATH, servePinLogon } = await import('./lib/api/pin-logon-node');
  const { getDb, getPinDeps } = await import('./lib/server/composition-root');
  const { startServerAuditCheckpoints } = await import('./lib/server/audit-checkpoints');
  const { isDatabaseUnavailable } = await import('./lib/db/unavailable');
  const { serveWithOutageStatus } = await import('./lib/http/request-outage');
  const { databaseUnavailableHeaders, DATABASE_UNAVAILABLE_MESSAGE } = await import('./lib/http/database-unavailable');
  const { startServerJobRunner, serverJobRunner } = await import('./lib/jobs/process-job-runner');

  running.db = getDb().db;
  const { registerServerMetrics } = await import('./lib/ops/server-metrics');
  registerServerMetrics(getDb);
  // Before Next.js loads: instrumentation.ts then finds this process's runner started and
  // leaves it alone, so its stop is this file's, whichever build is served.
  startServerJobRunner();
  running.jobs = serverJobRunner();
  const { startServerDirectorySync, serverDirectorySync } = await import('./lib/directory/process-directory-sync');
  startServerDirectorySync();
  running.directory = serverDirectorySync();

  const app = next({ dev: false, dir: import.meta.dirname, hostname, port });
  running.app = app;
  const handleWithNext = app.getRequestHandler();
  await app.prepare();

  const { logRequest } = await import('./lib/ops/request-log');
  const { clientAddressOf } = await import('./lib/http/client-address');
  const server = http.createServer((request, response) => {
    logRequest(log, request, response, () => clientAddressOf(request, trust));
    const path = pathOf(request.url);
    const answered =
      request.method === 'POST' && path === PIN_LOGON_PATH
        ? Promise.resolve().then(() => servePinLogon(request, response, { handle: getDb(), deps: getPinDeps() }, trust))
        : path === METRICS_PATH
          ? serveMetrics(request, response, metricsAccess)
          : Promise.resolve().then(() => {
              stampClientHeaders(request, trust);
              // A page or route that failed for want of the database: 503 + Retry-After, not 500.
              return serveWithOutageStatus(response, () => handleWithNext(request, response));
            });
    answered.catch((error: unknown) => {
      // answerPinLogon itself never throws: this is set-up (secrets, database URL) or Next.js.
      const unavailable = isDatabaseUnavailable(error);
      console.error(
        `[server] ${request.method} ${pathOf(request.url)} failed: ${unavailable ? 'the database is unavailable, ' : ''}${error instanceof Error ? error.name : 'error'}`,
      );
      if (!response.headersSent) {
        const headers = { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', Connection: 'close' };
        if (unavailable) {
          response.writeHead(503, { ...headers, ...databaseUnavailableHeaders() });
          response.end(JSON.stringify({ error: DATABASE_UNAVAILABLE_MESSAGE, code: 'DATABASE_UNAVAILABLE' }));
          return;
        }
        response.writeHead(500, headers);
        response.end(JSON.stringify({ error: 'The server failed to answer; try again.' }));
      } else {
        response.destroy();
      }
    });
  });
  running.server = server;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, hostname, () => resolve());
  });
  console.log(`PinDesk is listening on http://${hostname ?? 'localhost'}:${port}`);
  running.checkpoints = startServerAuditCheckpoints(getDb().db);
}

/** What has been started so far, for the stop sequence (main() fills it in). */
const running: {
  server?: http.Server;
  app?: { close(): Promise<void> };
  jobs?: BulkJobRunner | null;
  directory?: SyncScheduler | null;
  checkpoints?: CheckpointTimer;
  db?: Db;
} = {};

/** Before the stop sequence exists (a bad option or setting), a failed start just exits 1. */
/**
 * A start that fails says why on stderr, as plain text, for whoever (or whatever supervisor)
 * started it — console is already the JSON log on stdout by then — and in the log too.
 */
let consoleIsLog = false;
function reportStartFailure(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`${message}\n`);
  if (consoleIsLog) console.error(message);
}

let failStart = (error: unknown): void => {
  reportStartFailure(error);
  process.exit(1);
};

function pathOf(url: string | undefined): string {
  const query = url?.indexOf('?') ?? -1;
  return query === -1 ? (url ?? '') : url!.slice(0, query);
}

main().catch((error: unknown) => failStart(error));
