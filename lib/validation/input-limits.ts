/**
 * The length bounds of every filter and search parameter, in one place: the pages, the server
 * actions, the REST API and the CLI all refuse longer input with a message naming the
 * parameter and its maximum. The bounds are far above any real use and low enough that the
 * work a value causes (parsing, matching, a LIKE in the database) stays negligible.
 */
export const inputLimits = {
  /** The Users search box, Get-CsUser -SearchText, `q`. */
  searchText: 256,
  /** One filter clause value (`fv`), and `ou` / Get-CsUser -OU. */
  filterValue: 256,
  /** A user identity (SIP, UPN, domain\account, display name with `*`, DN). */
  identity: 512,
  /** A PIN policy's Identity (`global`, `site:Redmond`, `tag:Contractors`) where one is named. */
  policyIdentity: 128,
  /** Get-CsPinPolicy -Filter / `filter` / the PIN Policy page's Identity filter. */
  policyFilter: 128,
  /** A PIN Policy page comparison value (`cv`): a number, True/False or unset. */
  policyComparisonValue: 32,
  /** Get-CsUser -LdapFilter / `ldapFilter`. */
  ldapFilter: 1024,
  /** Get-CsUser -Filter {…}. */
  userFilter: 2048,
  /** A Where-Object script block. */
  whereObject: 4096,
  /** The regular expression of Where-Object -match / -notmatch (it runs in the CLI's own process). */
  matchPattern: 256,
  /** The Audit page's actor, target and action filters. */
  auditText: 200,
  /** An id in a URL path (bulk jobs). */
  pathId: 64,
  /** How deeply parentheses and negations may nest in LDAP, -Filter and Where-Object. */
  nesting: 32,
} as const;

/** "q can be at most 256 characters (it has 300)." or null. */
export function tooLongProblem(name: string, value: string, max: number): string | null {
  return value.length > max ? `${name} can be at most ${max.toLocaleString('en-US')} characters (it has ${value.length.toLocaleString('en-US')}).` : null;
}
