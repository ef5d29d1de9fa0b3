/** CSV (RFC 4180) for the audit export; cells that a spreadsheet would run as formulas are defused. */
import { defuseFormula, quoteCsv } from '../format/csv-field';

export const auditCsvColumns = [
  'id',
  'time_utc',
  'actor_type',
  'actor',
  'action',
  'target_type',
  'target',
  'outcome',
  'source_address',
  'user_agent',
  'details',
  'hash',
] as const;

export function csvCell(value: string | number | null): string {
  const text = defuseFormula(value === null ? '' : String(value));
  return /[",\r\n]/.test(text) ? quoteCsv(text) : text;
}

export function csvLine(values: (string | number | null)[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}
