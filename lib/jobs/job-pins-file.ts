/**
 * The bulk job PIN file: the CSV that "Download CSV" answers and its SHA-256, which the
 * administrator hands back to erase the PINs. The same rows always give the same bytes, so
 * the server recomputes the checksum at erase time instead of storing it (for a one-user
 * job the checksum alone would let anyone find the PIN by trying every one of its length).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { csvLine } from '../audit/csv';
import type { JobPinRow } from '../db/bulk-job-views';

export function jobPinsCsv(rows: JobPinRow[]): string {
  return [csvLine(['Identity', 'DisplayName', 'PIN']), ...rows.map((r) => csvLine([r.identity, r.displayName, r.pin]))].join('');
}

export const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** What `sha256sum` prints: 64 hex digits (either case; spaces around are ignored). */
export function parseSha256(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const hex = value.trim().toLowerCase();
  return /^[0-9a-f]{64}$/.test(hex) ? hex : null;
}

/** Whether `sha256` (parsed) is the checksum of the file these rows make. */
export function isFileOf(rows: JobPinRow[], sha256: string): boolean {
  return timingSafeEqual(Buffer.from(sha256Hex(jobPinsCsv(rows)), 'hex'), Buffer.from(sha256, 'hex'));
}
