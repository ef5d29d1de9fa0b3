/**
 * TRUSTED_PROXIES: which hops in front of PinDesk may tell it the client's address
 * (X-Forwarded-For) and protocol (X-Forwarded-Proto). Unset or empty: none — the socket's
 * peer is the client, and forwarded headers are ignored, since anyone can send them.
 *
 * Either a comma-separated list of addresses and CIDR ranges (IPv4 or IPv6, or proxy-addr's
 * names `loopback`, `linklocal`, `uniquelocal`), e.g. `10.0.0.0/8,127.0.0.1`; or a hop count
 * `n`: the nearest n hops are proxies, whatever their addresses. The matching is proxy-addr's,
 * express's "trust proxy" implementation.
 */
import { isIP } from 'node:net';
import proxyaddr from 'proxy-addr';

/** Whether the hop at `address`, `hop` steps from this server (0: the socket's peer), is a trusted proxy. */
export type ProxyTrust = (address: string, hop: number) => boolean;

const MAX_SETTING_LENGTH = 4096;
const MAX_HOPS = 32;
const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);
const EXAMPLE =
  'e.g. TRUSTED_PROXIES=10.0.0.0/8,127.0.0.1 (addresses or CIDR ranges) or TRUSTED_PROXIES=1 (a hop count); leave it unset when clients connect directly';

export const trustNone: ProxyTrust = () => false;

export class TrustedProxiesError extends Error {}

/** The trust function for a TRUSTED_PROXIES value; a clear TrustedProxiesError for a bad one. */
export function parseTrustedProxies(value: string | undefined): ProxyTrust {
  const text = value?.trim() ?? '';
  if (text === '') return trustNone;
  if (text.length > MAX_SETTING_LENGTH) throw new TrustedProxiesError(`TRUSTED_PROXIES is longer than ${MAX_SETTING_LENGTH} characters: ${EXAMPLE}.`);
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    if (hops > MAX_HOPS) throw new TrustedProxiesError(`TRUSTED_PROXIES as a hop count must be from 0 to ${MAX_HOPS} (got ${text}): ${EXAMPLE}.`);
    return (_address, hop) => hop < hops;
  }
  const entries = text.split(',').map((entry) => entry.trim());
  for (const entry of entries) {
    if (!isAddressOrRange(entry)) {
      throw new TrustedProxiesError(`TRUSTED_PROXIES: "${entry.slice(0, 64)}" is not an IP address, a CIDR range or a hop count: ${EXAMPLE}.`);
    }
  }
  const trust = proxyaddr.compile(entries);
  return (address) => trust(address, 0);
}

function isAddressOrRange(entry: string): boolean {
  if (NAMED_RANGES.has(entry)) return true;
  const [address, bits, extra] = entry.split('/');
  if (extra !== undefined || !address) return false;
  const family = isIP(address);
  if (family === 0) return false;
  if (bits === undefined) return true;
  // proxy-addr also takes a dotted netmask (10.0.0.0/255.0.0.0); a prefix length is enough here.
  if (!/^\d{1,3}$/.test(bits)) return false;
  return Number(bits) <= (family === 4 ? 32 : 128);
}

let configured: ProxyTrust | undefined;

/** The trust of this process, from TRUSTED_PROXIES, read once (server.ts reads it at start to fail early). */
export function configuredProxyTrust(): ProxyTrust {
  configured ??= parseTrustedProxies(process.env.TRUSTED_PROXIES);
  return configured;
}
