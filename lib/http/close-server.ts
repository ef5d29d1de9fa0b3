/**
 * Stops an HTTP server from taking connections and resolves once every request in flight has
 * been answered. A keep-alive connection turns idle when its response ends: it is closed then,
 * so a client holding one open cannot hold the stop up.
 */
import type http from 'node:http';

export function closeHttpServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    const sweep = setInterval(() => server.closeIdleConnections(), 100);
    server.close(() => {
      clearInterval(sweep);
      resolve();
    });
    server.closeIdleConnections();
  });
}
