/**
 * CSV fields (RFC 4180) that a spreadsheet opens as text: a value it would run as a formula
 * (`=`, `+`, `-`, `@`, tab, carriage return first) is defused with a leading `'`.
 */
export const defuseFormula = (text: string): string => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);

/** The field always in quotes, inner quotes doubled. */
export const quoteCsv = (text: string): string => `"${text.replace(/"/g, '""')}"`;
