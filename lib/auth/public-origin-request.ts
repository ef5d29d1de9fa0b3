import 'server-only';
/**
 * Auth.js's routes, seen at the origin the browser used. Auth.js builds its URLs — the OpenID
 * Connect redirect URI among them — from its request's URL, which Next.js bases on the server's
 * own host name (localhost); a sign-in started at the browser's host must come back to the same
 * redirect URI, or the token exchange is refused.
 */
import type { NextRequest } from 'next/server';
import { publicOrigin } from './same-origin';

export type AuthRouteHandler = (request: NextRequest) => Promise<Response>;

export function atPublicOrigin(request: NextRequest): NextRequest {
  const origin = publicOrigin(request.headers);
  // request.url, not nextUrl: Auth.js reads the URL, and nextUrl already shows the Host header's.
  const url = new URL(request.url);
  if (!origin || url.origin === origin) return request;
  // A plain Request: a NextRequest would turn a 127.0.0.1 URL into localhost again. Auth.js needs only the Request API.
  return new Request(`${origin}${url.pathname}${url.search}`, request) as NextRequest;
}

export function withPublicOrigin(handler: AuthRouteHandler): AuthRouteHandler {
  return (request) => handler(atPublicOrigin(request));
}
