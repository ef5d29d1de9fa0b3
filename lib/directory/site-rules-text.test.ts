import { describe, expect, it } from 'vitest';
import { parseSiteRules, siteRulesText } from './site-rules-text';

describe('site rules as text', () => {
  it('reads one rule per line, the site after the last =>', () => {
    expect(parseSiteRules('OU=Finance,DC=litwareinc,DC=com => Redmond\n\n  OU=Sales,DC=litwareinc,DC=com=>Dublin  ')).toEqual({
      rules: [
        { ou: 'OU=Finance,DC=litwareinc,DC=com', site: 'Redmond' },
        { ou: 'OU=Sales,DC=litwareinc,DC=com', site: 'Dublin' },
      ],
      problems: [],
    });
  });

  it('names the line that is not a rule', () => {
    expect(parseSiteRules('OU=Finance,DC=litwareinc,DC=com\n=> Redmond').problems).toEqual([
      'Site rule line 1 should read "OU=…,DC=… => Site".',
      'Site rule line 2 should read "OU=…,DC=… => Site".',
    ]);
  });

  it('writes what it reads', () => {
    const text = 'OU=Finance,DC=litwareinc,DC=com => Redmond';
    expect(siteRulesText(parseSiteRules(text).rules)).toBe(text);
  });
});
