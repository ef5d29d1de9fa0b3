import { CLIENT_PROTO_HEADER } from './lib/http/client-headers.js';
import { API_CONTENT_SECURITY_POLICY, HTTPS_ONLY_HEADERS, SECURITY_HEADERS } from './lib/http/security-headers.js';

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // Native and WebAssembly modules stay out of the server bundle and load from node_modules.
  serverExternalPackages: ['@node-rs/argon2', 'better-sqlite3', '@prisma/client', '@prisma/adapter-better-sqlite3', '@prisma/adapter-pg', 'pg', 'prom-client'],
  experimental: {
    // forbidden() → the 403 page for signed-in users without the role.
    authInterrupts: true,
    // Big enough that an oversized form field reaches validation and gets a clear message.
    serverActions: { bodySizeLimit: '2mb' },
  },
  async headers() {
    return [
      { source: '/:path*', headers: SECURITY_HEADERS },
      { source: '/api/:path*', headers: API_CONTENT_SECURITY_POLICY },
      // server.ts sets this private header (and deletes a client's own) from the socket or a trusted proxy.
      { source: '/:path*', has: [{ type: 'header', key: CLIENT_PROTO_HEADER, value: 'https' }], headers: HTTPS_ONLY_HEADERS },
    ];
  },
};

export default nextConfig;
