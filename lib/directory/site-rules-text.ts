/**
 * OU → site rules as the Directory page's text box holds them, one per line:
 * `OU=Finance,DC=litwareinc,DC=com => Redmond`. DNs hold `=` and `,`, so the separator is
 * `=>`. Pure (the form shows a line's problem before anything is sent).
 */
import type { SiteRule } from './placement';

export const SITE_RULE_SEPARATOR = '=>';

export function parseSiteRules(text: string): { rules: SiteRule[]; problems: string[] } {
  const rules: SiteRule[] = [];
  const problems: string[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (!line) return;
    const at = line.lastIndexOf(SITE_RULE_SEPARATOR);
    const ou = at < 0 ? '' : line.slice(0, at).trim();
    const site = at < 0 ? '' : line.slice(at + SITE_RULE_SEPARATOR.length).trim();
    if (!ou || !site) problems.push(`Site rule line ${index + 1} should read "OU=…,DC=… => Site".`);
    else rules.push({ ou, site });
  });
  return { rules, problems };
}

export function siteRulesText(rules: readonly SiteRule[]): string {
  return rules.map((rule) => `${rule.ou} ${SITE_RULE_SEPARATOR} ${rule.site}`).join('\n');
}
