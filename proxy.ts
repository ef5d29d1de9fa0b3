import { NextResponse, type NextRequest } from 'next/server';
import { contentSecurityPolicy, newNonce, signInOriginOf } from './lib/http/content-security-policy';

/**
 * Every page gets a Content-Security-Policy with a fresh nonce: set on the request too, where
 * Next.js finds the nonce and puts it on its own scripts (so pages render per request).
 * Otherwise a convenience only, never the gate: visitors without a session cookie are sent to
 * /sign-in before rendering; every page, action and route still checks the session and
 * role itself. Also passes the path to layouts (for the return address after sign-in).
 */
const SESSION_COOKIES = ['authjs.session-token', '__Secure-authjs.session-token'];
const ADMIN_PREFIXES = ['/overview', '/users', '/jobs', '/conferencing', '/audit', '/bridges', '/dial-in-test', '/api-tokens', '/directory', '/administrators'];
const CSP = 'Content-Security-Policy';

export function proxy(request: NextRequest) {
  const policy = contentSecurityPolicy(newNonce(), {
    development: process.env.NODE_ENV === 'development',
    signInOrigin: signInOriginOf(process.env.AUTH_OIDC_ISSUER),
  });
  const { pathname, search } = request.nextUrl;
  const hasSession = SESSION_COOKIES.some((name) => request.cookies.has(name));
  if (!hasSession && ADMIN_PREFIXES.some((p) => pathname === p || pathname.startsWith(`${p}/`))) {
    const url = request.nextUrl.clone();
    url.pathname = '/sign-in';
    url.search = `?callbackUrl=${encodeURIComponent(pathname + search)}`;
    const redirect = NextResponse.redirect(url);
    redirect.headers.set(CSP, policy);
    return redirect;
  }
  const forwarded = new Headers(request.headers);
  forwarded.set('x-pindesk-path', pathname + search);
  forwarded.set(CSP, policy);
  const response = NextResponse.next({ request: { headers: forwarded } });
  response.headers.set(CSP, policy);
  return response;
}

export const config = {
  matcher: ['/((?!_next/static|_next/image|favicon.ico|api/).*)'],
};
