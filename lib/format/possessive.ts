/**
 * "Ken Myer's". Names ending in s take 's as well ("James's"), as most style guides do, and the
 * apostrophe is the plain one, so the UI, the audit log and the tests all spell it one way.
 */
export function possessive(name: string): string {
  return `${name}'s`;
}
