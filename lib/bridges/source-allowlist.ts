/**
 * Allowed source addresses of a bridge key: exact IPv4/IPv6 addresses or IPv4 CIDR ranges.
 * An empty list allows any address.
 */
import { isIP } from 'node:net';

export function parseAllowlistEntry(entry: string): string | null {
  const text = entry.trim();
  if (isIP(text)) return text;
  const cidr = /^(\d{1,3}(?:\.\d{1,3}){3})\/(\d{1,2})$/.exec(text);
  if (cidr && isIP(cidr[1]) === 4 && Number(cidr[2]) <= 32) return text;
  return null;
}

function ipv4ToInt(ip: string): number {
  return ip.split('.').reduce((acc, part) => (acc << 8) + Number(part), 0) >>> 0;
}

export function isAddressAllowed(address: string, allowlist: string[]): boolean {
  if (allowlist.length === 0) return true;
  const plain = address.replace(/^::ffff:/i, '');
  return allowlist.some((entry) => {
    const [base, bits] = entry.split('/');
    if (bits === undefined) return entry === address || entry === plain;
    if (isIP(plain) !== 4) return false;
    const mask = Number(bits) === 0 ? 0 : (~0 << (32 - Number(bits))) >>> 0;
    return (ipv4ToInt(plain) & mask) === (ipv4ToInt(base) & mask);
  });
}
