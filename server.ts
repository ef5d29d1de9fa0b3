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
 * Usage: node --import tsx server.ts [-p <port>] [-H <address>]   (default: port 3000, all
 * addresses; PORT is read when -p is absent). Needs a production build (`next build`).
 */
import http from 'node:http';

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
  const { stampClientHeaders } = await import('./lib/http/client-address');
  // Before Next.js and React load: they pick their production builds from it.
  Object.assign(process.env, { NODE_ENV: 'production' });
  const { default: next } = await import('next');
  const { PIN_LOGON_PATH, servePinLogon } = await import('./lib/api/pin-logon-node');
  const { getDb } = await import('./lib/db/client');
  const { getPinDeps } = await import('./lib/server/process-pin-deps');
  const { startServerAuditCheckpoints } = await import('./lib/server/audit-checkpoints');
  const { isDatabaseUnavailable } = await import('./lib/db/unavailable');
  const { serveWithOutageStatus } = await import('./lib/http/request-outage');
  const { DATABASE_RETRY_AFTER_SECONDS, DATABASE_UNAVAILABLE_MESSAGE } = await import('./lib/http/database-unavailable');

  const app = next({ dev: false, dir: import.meta.dirname, hostname, port });
  const handleWithNext = app.getRequestHandler();
  await app.prepare();

  const server = http.createServer((request, response) => {
    const answered =
      request.method === 'POST' && pathOf(request.url) === PIN_LOGON_PATH
        ? Promise.resolve().then(() => servePinLogon(request, response, { handle: getDb(), deps: getPinDeps() }, trust))
        : Promise.resolve().then(() => {
            stampClientHeaders(request, trust);
            // A page or route that failed for want of the database: 503 + Retry-After, not 500.
            return serveWithOutageStatus(response, () => handleWithNext(request, response));
          });
    answered.catch((error: unknown) => {
      // answerPinLogon itself never throws: this is set-up (secrets, database URL) or Next.js.
      const unavailable = isDatabaseUnavailable(error);
      console.error(`[server] ${request.method} ${pathOf(request.url)} failed: ${unavailable ? 'the database is unavailable, ' : ''}${error instanceof Error ? error.name : 'error'}`);
      if (!response.headersSent) {
        const headers = { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', Connection: 'close' };
        if (unavailable) {
          response.writeHead(503, { ...headers, 'Retry-After': String(DATABASE_RETRY_AFTER_SECONDS) });
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
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, hostname, () => resolve());
  });
  console.log(`PinDesk is listening on http://${hostname ?? 'localhost'}:${port}`);
  const checkpoints = startServerAuditCheckpoints(getDb().db);

  const stop = () => {
    // Finish what is in flight, take nothing new; a keep-alive client cannot hold the exit up.
    // The last checkpoint of the audit chain's head goes to the log before the process ends.
    server.close(() => void checkpoints.stop().finally(() => process.exit(0)));
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 5_000).unref();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

function pathOf(url: string | undefined): string {
  const query = url?.indexOf('?') ?? -1;
  return query === -1 ? (url ?? '') : url!.slice(0, query);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
