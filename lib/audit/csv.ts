/** CSV (RFC 4180) for the audit export; cells that a spreadsheet would run as formulas are defused. */
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
  let text = value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: (string | number | null)[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}
