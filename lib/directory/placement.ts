/**
 * Where a synced user sits: the organisational unit (stored as ou_dn / ou_path the way the
 * demo seed stores them, so the Users page's OU filter and tree treat synced and demo users
 * alike) and the site (the entry's own, else the first OU → site rule that covers its OU).
 * Pure.
 */

/** One RDN of a DN: `OU=Finance` → { type: 'ou', value: 'Finance', text: 'OU=Finance' }. */
type Rdn = { type: string; value: string; text: string };

/** An OU → site rule: users in `ou` (a DN) or any OU below it belong to `site`. */
export type SiteRule = { ou: string; site: string };

/** An organisational unit as the org_unit table holds it (see OrgUnit in models.prisma). */
export type OrgUnitRow = { dn: string; name: string; path: string };

export type Placement = {
  /** The DN without the user's own RDN: `OU=Payroll,OU=Finance,DC=litwareinc,DC=com`. */
  ouDn: string;
  /** The slash path from the DNS domain down: `litwareinc.com/Finance/Payroll/`. */
  ouPath: string;
  /** The user's OU and the OUs above it (not the domain), top first: the org_unit rows to keep. */
  orgUnits: OrgUnitRow[];
};

/**
 * Splits a DN into RDNs at the commas that are not escaped (`CN=Myer\, Ken,OU=…`).
 * Multi-valued RDNs (`+`) are kept whole: only OU and DC names are used below.
 */
export function splitDn(dn: string): Rdn[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < dn.length; i++) {
    const char = dn[i];
    if (char === '\\' && i + 1 < dn.length) {
      current += char + dn[i + 1];
      i++;
    } else if (char === ',') {
      parts.push(current);
      current = '';
    } else current += char;
  }
  if (current) parts.push(current);
  return parts
    .map((text) => text.trim())
    .filter(Boolean)
    .map((text) => {
      const eq = text.indexOf('=');
      return { type: text.slice(0, Math.max(0, eq)).trim().toLowerCase(), value: unescapeValue(text.slice(eq + 1).trim()), text };
    });
}

/** `Myer\, Ken` → `Myer, Ken`; `\2C` hex pairs too (RFC 4514). */
function unescapeValue(value: string): string {
  return value.replace(/\\([0-9a-fA-F]{2}|.)/g, (_, escaped: string) => (escaped.length === 2 ? String.fromCharCode(parseInt(escaped, 16)) : escaped));
}

/**
 * The user's OU, its slash path and the OUs above it. Containers (`CN=Users`) count as OUs
 * here: Active Directory puts users in CN=Users by default, and the administrator expects
 * to find them under that name.
 */
export function placementOf(distinguishedName: string): Placement {
  const rdns = splitDn(distinguishedName);
  const parents = rdns.slice(1);
  const ouDn = parents.map((rdn) => rdn.text).join(',');
  const domain = parents
    .filter((rdn) => rdn.type === 'dc')
    .map((rdn) => rdn.value)
    .join('.');
  // Top first: the reverse of the DN's order, without the domain components.
  const units = parents.map((rdn, index) => ({ rdn, index })).filter(({ rdn }) => rdn.type !== 'dc');
  const orgUnits: OrgUnitRow[] = [];
  let path = `${domain}/`;
  for (const { rdn, index } of [...units].reverse()) {
    path += `${rdn.value}/`;
    orgUnits.push({
      dn: parents
        .slice(index)
        .map((r) => r.text)
        .join(','),
      name: rdn.value,
      path,
    });
  }
  return { ouDn, ouPath: path, orgUnits };
}

/** DNs compared as AD does: case-insensitive, spaces around separators ignored. */
const normalDn = (dn: string) =>
  splitDn(dn)
    .map((rdn) => `${rdn.type}=${rdn.value.toLowerCase()}`)
    .join(',');

/**
 * The user's site: the entry's own (from a site attribute) when it has one, else the first
 * rule whose OU is the user's OU or one above it, else none.
 */
export function siteOf(entry: { site: string | null; distinguishedName: string }, rules: readonly SiteRule[]): string | null {
  const own = entry.site?.trim();
  if (own) return own;
  if (rules.length === 0) return null;
  const ou = normalDn(placementOf(entry.distinguishedName).ouDn);
  for (const rule of rules) {
    const ruleOu = normalDn(rule.ou);
    if (ruleOu && (ou === ruleOu || ou.endsWith(`,${ruleOu}`))) return rule.site;
  }
  return null;
}
