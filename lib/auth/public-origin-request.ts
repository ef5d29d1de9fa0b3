import 'server-only';
/**
 * Auth.js's routes, seen at the origin the browser used. Auth.js builds its URLs — the OpenID
 * Connect redirect URI among them — from its request's URL, which Next.js bases on the server's
 * own host name (localhost); a sign-in started at the browser's host must come back to the same
 * redirect URI, or the token exchange is refused.
 */
import { NextRequest } from 'next/server';
import { publicOrigin } from './same-origin';

export type AuthRouteHandler = (request: NextRequest) => Promise<Response>;

export function atPublicOrigin(request: NextRequest): NextRequest {
  const origin = publicOrigin(request.headers);
  const { href, origin: seen } = request.nextUrl;
  return origin && origin !== seen ? new NextRequest(href.replace(seen, origin), request) : request;
}

export function withPublicOrigin(handler: AuthRouteHandler): AuthRouteHandler {
  return (request) => handler(atPublicOrigin(request));
}
