/**
 * POST /api/v1/pin-logon — what a conferencing bridge asks when a caller dials in
 * (DOMAIN.md §5, §9). The caller learns only accepted / rejected; the audit trail gets the
 * reason. The answer is worked out once, transport-free (tests drive it with an injected
 * clock), and served two ways: handlePinLogon for a web Request (the Next.js route, used by
 * `next dev`) and servePinLogon (pin-logon-node.ts) for Node's own request in the production
 * server (server.ts), which skips Next.js's per-request work on the bridges' hot path.
 */
import { clientAddress, userAgent, type HeaderReader } from '../auth/request-info';
import { bearerToken, isPlausibleKey } from '../bridges/keys';
import { isAddressAllowed } from '../bridges/source-allowlist';
import type { DbHandle } from '../db/client';
import { authenticateBridge } from '../db/bridges';
import { processRequestQuota } from '../db/bridge-request-quota';
import { counterWindows } from '../db/window-counter-sweep';
import { logDatabaseUnavailable } from '../db/outage-log';
import { countMalformedLogon } from '../db/malformed-logon-counter';
import { metrics } from '../ops/metrics';
import { isDatabaseUnavailable } from '../db/unavailable';
import { databaseUnavailableHeaders, PIN_LOGON_UNAVAILABLE_MESSAGE } from '../http/database-unavailable';
import { isPinError } from '../pin/errors';
import type { PinDeps } from '../pin/deps';
import { assertLogonInput, verifyPinLogon } from '../pin/use-cases/verify-pin-logon';
import { readJsonBody, type BodyResult } from './read-json-body';

export const PIN_LOGON_BODY_LIMIT = 4096;
/** The 500's message: it names nothing about the failure or the attempt. */
export const PIN_LOGON_FAILED = 'The PIN check failed on the server; try again.';
const RATE_WINDOW_MS = counterWindows.bridge.windowMs;

export type PinLogonEnv = { handle: DbHandle; deps: PinDeps };

/** A logon request, whatever carried it. */
export type PinLogonRequest = {
  headers: HeaderReader;
  readBody(limit: number): Promise<BodyResult>;
};

export type PinLogonAnswer = { status: number; body: Record<string, unknown>; headers: Record<string, string> };

const answer = (status: number, body: Record<string, unknown>, headers: Record<string, string> = {}): PinLogonAnswer => ({
  status,
  body,
  headers: { 'Cache-Control': 'no-store', ...headers },
});

/**
 * Never throws. The database unavailable (down, frozen past the statement timeout, locked) is
 * a 503 with Retry-After: the bridge learns that no PIN was judged and can retry, and the
 * failed statement counted no failure. Any other failure is a 500 that names nothing (the log
 * gets the error's class).
 */
export async function answerPinLogon(request: PinLogonRequest, env: PinLogonEnv): Promise<PinLogonAnswer> {
  const seen: LogonSeen = { bridge: 'none', outcome: 'error' };
  const end = metrics().pinLogonSeconds.startTimer();
  const answered = await answerUnmeasured(request, env, seen);
  if (answered.status === 503) seen.outcome = 'unavailable';
  if (seen.outcome === 'malformed') countMalformedLogon(env.handle, env.deps.clock.now());
  end({ outcome: seen.outcome });
  metrics().pinLogons.inc({ outcome: seen.outcome, bridge: seen.bridge });
  return answered;
}

/** What the metrics say of one logon: the bridge (by name) and how it ended. */
type LogonSeen = { bridge: string; outcome: string };

async function answerUnmeasured(request: PinLogonRequest, env: PinLogonEnv, seen: LogonSeen): Promise<PinLogonAnswer> {
  try {
    return await decide(request, env, seen);
  } catch (error) {
    seen.outcome = 'error';
    if (isDatabaseUnavailable(error)) {
      logDatabaseUnavailable('pin-logon', error);
      return answer(503, { error: PIN_LOGON_UNAVAILABLE_MESSAGE, code: 'DATABASE_UNAVAILABLE' }, databaseUnavailableHeaders());
    }
    console.error(`[pin-logon] ${error instanceof Error ? error.name : 'error'}`);
    return answer(500, { error: PIN_LOGON_FAILED });
  }
}

async function decide(request: PinLogonRequest, env: PinLogonEnv, seen: LogonSeen): Promise<PinLogonAnswer> {
  const key = bearerToken(request.headers.get('authorization'));
  const bridge = key && isPlausibleKey(key) ? await authenticateBridge(env.handle, key) : null;
  if (!bridge) {
    seen.outcome = 'unauthorized';
    return answer(401, { error: 'A valid bridge API key is required: Authorization: Bearer <key>.' }, { 'WWW-Authenticate': 'Bearer realm="pindesk"' });
  }
  seen.bridge = bridge.name.slice(0, 64);
  const sourceAddress = clientAddress(request.headers);
  if (!isAddressAllowed(sourceAddress, bridge.allowedSources)) {
    seen.outcome = 'forbidden_source';
    return answer(403, { error: 'This bridge key may not be used from this address.' });
  }

  seen.outcome = 'malformed';
  const body = await request.readBody(PIN_LOGON_BODY_LIMIT);
  if (!body.ok) return answer(400, { error: body.error });
  const { identity, pin } = (typeof body.value === 'object' && body.value !== null ? body.value : {}) as Record<string, unknown>;
  try {
    assertLogonInput(identity, pin);
  } catch (error) {
    if (isPinError(error)) return answer(400, { error: error.message });
    throw error;
  }

  const rate = await processRequestQuota().take(env.handle, `${counterWindows.bridge.prefix}${bridge.id}`, bridge.ratePerMinute, RATE_WINDOW_MS);
  if (!rate.allowed) {
    seen.outcome = 'rate_limited';
    return answer(429, { error: `This bridge is limited to ${bridge.ratePerMinute} requests per minute.` }, { 'Retry-After': String(rate.retryAfterSeconds) });
  }

  const result = await verifyPinLogon(env.deps, {
    identity: identity as string,
    pin: pin as string,
    actor: { type: 'bridge', id: bridge.id, name: bridge.name },
    context: { sourceAddress, userAgent: userAgent(request.headers) },
  });
  seen.outcome = result.result === 'accepted' ? 'accepted' : result.reason.replace(/-/g, '_');
  return result.result === 'accepted'
    ? answer(200, { result: 'accepted', user: { sipAddress: result.user.sipAddress, displayName: result.user.displayName } })
    : answer(200, { result: 'rejected' });
}

/** For a web Request: the Next.js route handler, and tests. */
export async function handlePinLogon(request: Request, env: PinLogonEnv): Promise<Response> {
  const result = await answerPinLogon({ headers: request.headers, readBody: (limit) => readJsonBody(request, limit) }, env);
  return Response.json(result.body, { status: result.status, headers: result.headers });
}
