import { describe, expect, it } from 'vitest';
import { FilterParseError } from '../validation/filter-error';
import { parseLdapFilter } from './ldap-filter';

describe('parseLdapFilter', () => {
  it.each([
    ['Title=Manager', [{ property: 'title', operator: 'eq', value: 'Manager' }]],
    ['(Title=Manager)', [{ property: 'title', operator: 'eq', value: 'Manager' }]],
    [
      '&(Department=Finance)(Title=Manager)',
      [
        { property: 'department', operator: 'eq', value: 'Finance' },
        { property: 'title', operator: 'eq', value: 'Manager' },
      ],
    ],
    [
      '(&(department=Finance)(title=Man*))',
      [
        { property: 'department', operator: 'eq', value: 'Finance' },
        { property: 'title', operator: 'startsWith', value: 'Man' },
      ],
    ],
    ['Title=*anag*', [{ property: 'title', operator: 'contains', value: 'anag' }]],
    ['l=*', [{ property: 'city', operator: 'isNotEmpty', value: '' }]],
    ['!(l=*)', [{ property: 'city', operator: 'isEmpty', value: '' }]],
    ['!(physicalDeliveryOfficeName=HQ 1)', [{ property: 'office', operator: 'ne', value: 'HQ 1' }]],
    [
      '&(Department=Finance)(!(Title=Manager))',
      [
        { property: 'department', operator: 'eq', value: 'Finance' },
        { property: 'title', operator: 'ne', value: 'Manager' },
      ],
    ],
  ])('%s', (filter, clauses) => {
    expect(parseLdapFilter(filter)).toEqual(clauses);
  });

  it.each([
    ['', 'it is empty'],
    ['|(Title=A)(Title=B)', 'OR ("|") is not supported'],
    ['Colour=Blue', 'unknown attribute "Colour"'],
    ['Title>=B', 'the operator ">=" is not supported'],
    ['(Title=Manager', 'expected ")"'],
    ['Title=', 'no value after "Title="'],
    ['Title=M*n*r', 'only at the start and/or end'],
    ['Title=*ger', '"ends with" wildcard'],
    ['Title', 'is not a comparison'],
    ['&Title=A', '"&" must be followed by parenthesised comparisons'],
    ['(Title=A))', 'unexpected ")"'],
  ])('%s is refused: %s', (filter, message) => {
    expect(() => parseLdapFilter(filter)).toThrow(FilterParseError);
    expect(() => parseLdapFilter(filter)).toThrow(message);
  });
});
