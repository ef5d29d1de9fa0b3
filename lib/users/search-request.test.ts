import { describe, expect, it } from 'vitest';
import { FilterParseError } from '../validation/filter-error';
import { InputError } from '../validation/input-error';
import { parseUserSearchRequest } from './search-request';

const refusal = (query: string) => {
  try {
    parseUserSearchRequest(new URLSearchParams(query));
  } catch (error) {
    if (error instanceof InputError) return { type: error.constructor.name, message: error.message, field: error.field };
    throw error;
  }
  return null;
};

describe('GET /api/v1/users parameters', () => {
  it('adds ou and ldapFilter to the page clauses, and keeps the page notes', () => {
    const parsed = parseUserSearchRequest(
      new URLSearchParams('q=ken&fp=city&fo=eq&fv=Dublin&fp=bogus&ou=OU%3DFinance%2CDC%3Dlitwareinc%2CDC%3Dcom&ldapFilter=Title%3DMan*'),
    );
    expect(parsed.search.filters).toEqual([
      { property: 'city', operator: 'eq', value: 'Dublin' },
      { property: 'ou', operator: 'eq', value: 'OU=Finance,DC=litwareinc,DC=com' },
      { property: 'title', operator: 'startsWith', value: 'Man' },
    ]);
    expect(parsed.problems).toHaveLength(1);
  });

  it('refuses what a script must not run wider than asked, naming the parameter', () => {
    expect(refusal('ldapFilter=Colour%3DBlue')).toEqual({
      type: 'FilterParseError',
      message: 'ldapFilter: LdapFilter "Colour=Blue": unknown attribute "Colour"; use one of Title, Department, physicalDeliveryOfficeName (Office), l (City).',
      field: 'ldapFilter',
    });
    expect(refusal('ou=Finance')).toEqual({
      type: 'InputError',
      message: 'ou: OU must be a distinguished name such as OU=Finance,DC=litwareinc,DC=com.',
      field: 'ou',
    });
    expect(refusal('q=a%00b')).toMatchObject({ field: 'q', message: expect.stringMatching(/control character/) });
    expect(refusal(`${'fp=city&fo=eq&fv=x&'.repeat(20)}ldapFilter=Title%3Dx`)).toEqual({
      type: 'InputError',
      message: 'At most 20 filter clauses in all (fp, ou and ldapFilter together).',
      field: undefined,
    });
  });

  it('throws the shared FilterParseError for a bad LDAP filter', () => {
    expect(() => parseUserSearchRequest(new URLSearchParams('ldapFilter=|(a=b)'))).toThrow(FilterParseError);
  });
});
