import { NextResponse, type NextRequest } from 'next/server';

/**
 * A convenience only, never the gate: visitors without a session cookie are sent to
 * /sign-in before rendering; every page, action and route still checks the session and
 * role itself. Also passes the path to layouts (for the return address after sign-in).
 */
const SESSION_COOKIES = ['authjs.session-token', '__Secure-authjs.session-token'];
const ADMIN_PREFIXES = ['/users', '/jobs', '/conferencing', '/audit', '/bridges', '/dial-in-test', '/api-tokens'];

export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const hasSession = SESSION_COOKIES.some((name) => request.cookies.has(name));
  if (!hasSession && ADMIN_PREFIXES.some((p) => pathname === p || pathname.startsWith(`${p}/`))) {
    const url = request.nextUrl.clone();
    url.pathname = '/sign-in';
    url.search = `?callbackUrl=${encodeURIComponent(pathname + search)}`;
    return NextResponse.redirect(url);
  }
  const forwarded = new Headers(request.headers);
  forwarded.set('x-pindesk-path', pathname + search);
  return NextResponse.next({ request: { headers: forwarded } });
}

export const config = {
  matcher: ['/((?!_next/static|_next/image|favicon.ico|api/).*)'],
};
