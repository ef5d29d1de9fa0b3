/**
 * POST /api/v1/pin-logon — what a conferencing bridge asks when a caller dials in
 * (DOMAIN.md §5, §9). Framework-free (Request → Response), so tests drive it with an
 * injected clock. The caller learns only accepted / rejected; the audit trail gets the reason.
 */
import { clientAddress, userAgent } from '../auth/request-info';
import { bearerToken, isPlausibleKey } from '../bridges/keys';
import { isAddressAllowed } from '../bridges/source-allowlist';
import type { DbHandle } from '../db/client';
import { authenticateBridge } from '../db/bridges';
import { countRequest } from '../db/rate-limits';
import { isPinError } from '../pin/errors';
import type { PinDeps } from '../pin/deps';
import { assertLogonInput, verifyPinLogon } from '../pin/use-cases/verify-pin-logon';
import { readJsonBody } from './read-json-body';

export const PIN_LOGON_BODY_LIMIT = 4096;
const RATE_WINDOW_MS = 60_000;

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  Response.json(body, { status, headers: { 'Cache-Control': 'no-store', ...headers } });

export async function handlePinLogon(request: Request, env: { handle: DbHandle; deps: PinDeps }): Promise<Response> {
  const key = bearerToken(request.headers.get('authorization'));
  const bridge = key && isPlausibleKey(key) ? await authenticateBridge(env.handle, key) : null;
  if (!bridge) {
    return json(401, { error: 'A valid bridge API key is required: Authorization: Bearer <key>.' }, { 'WWW-Authenticate': 'Bearer realm="pindesk"' });
  }
  const sourceAddress = clientAddress(request.headers);
  if (!isAddressAllowed(sourceAddress, bridge.allowedSources)) {
    return json(403, { error: 'This bridge key may not be used from this address.' });
  }

  const body = await readJsonBody(request, PIN_LOGON_BODY_LIMIT);
  if (!body.ok) return json(400, { error: body.error });
  const { identity, pin } = (typeof body.value === 'object' && body.value !== null ? body.value : {}) as Record<string, unknown>;
  try {
    assertLogonInput(identity, pin);
  } catch (error) {
    if (isPinError(error)) return json(400, { error: error.message });
    throw error;
  }

  const rate = await countRequest(env.handle, `bridge:${bridge.id}`, RATE_WINDOW_MS);
  if (rate.count > bridge.ratePerMinute) {
    return json(429, { error: `This bridge is limited to ${bridge.ratePerMinute} requests per minute.` }, { 'Retry-After': String(rate.retryAfterSeconds) });
  }

  const result = await verifyPinLogon(env.deps, {
    identity: identity as string,
    pin: pin as string,
    actor: { type: 'bridge', id: bridge.id, name: bridge.name },
    context: { sourceAddress, userAgent: userAgent(request.headers) },
  });
  return result.result === 'accepted'
    ? json(200, { result: 'accepted', user: { sipAddress: result.user.sipAddress, displayName: result.user.displayName } })
    : json(200, { result: 'rejected' });
}
