/**
 * The bulk job PIN file: the CSV that "Download CSV" answers and its SHA-256, which the
 * administrator hands back to erase the PINs. The same rows always give the same bytes, so
 * the server recomputes the checksum at erase time instead of storing it (for a one-user
 * job the checksum alone would let anyone find the PIN by trying every one of its length).
 *
 * Format (README, "Bulk jobs"): UTF-8, CRLF line ends, a header row
 * `"Identity","DisplayName","PIN","Result","Reason"`, then one row per user in job order.
 * Every field is quoted. The PIN is written as `="048202"` (in the file: `"=""048202"""`) so
 * a spreadsheet keeps it as text with its leading zeros; skipped and failed users have an
 * empty PIN and say why. Other fields that a spreadsheet would run as a formula start with `'`.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { JobPinRow } from '../db/bulk-job-views';
import { defuseFormula, quoteCsv as quoted } from '../format/csv-field';

const resultText: Record<JobPinRow['status'], string> = { done: 'Changed', skipped: 'Skipped', failed: 'Failed' };

const textField = (text: string | null) => quoted(defuseFormula(text ?? ''));
// A PIN is digits only; anything else (never expected) is written as plain, defused text.
const pinField = (pin: string | null) => (pin !== null && /^\d+$/.test(pin) ? quoted(`="${pin}"`) : textField(pin));

export function jobPinsCsv(rows: JobPinRow[]): string {
  const lines = [
    ['Identity', 'DisplayName', 'PIN', 'Result', 'Reason'].map(quoted),
    ...rows.map((r) => [textField(r.identity), textField(r.displayName), pinField(r.pin), quoted(resultText[r.status]), textField(r.reason)]),
  ];
  return lines.map((fields) => `${fields.join(',')}\r\n`).join('');
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
