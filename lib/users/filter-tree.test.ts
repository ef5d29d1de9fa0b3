import { describe, expect, it } from 'vitest';
import { filterNode, textNode, userFilterTree } from './filter-tree';

describe('the user filter tree', () => {
  it.each([
    ['', null],
    ['  ', null],
    ['*', null],
    ['**', null],
    [' Ken ', { kind: 'textPrefix', prefix: 'ken', phoneDigitsReversed: null, extension: null, domainLogon: null, upn: null }],
    ['100', { kind: 'textPrefix', prefix: '100', phoneDigitsReversed: null, extension: '100', domainLogon: null, upn: null }],
    ['* Smith', { kind: 'displayNameWildcard', first: '', middle: [], last: ' smith' }],
    ['Ken*', { kind: 'displayNameWildcard', first: 'ken', middle: [], last: '' }],
    ['k*n**s', { kind: 'displayNameWildcard', first: 'k', middle: ['n'], last: 's' }],
    ['*ne*', { kind: 'displayNameWildcard', first: '', middle: ['ne'], last: '' }],
  ])('the text %j is %j', (q, node) => {
    expect(textNode(q)).toEqual(node);
  });

  it.each([
    [
      { property: 'isPinSet', operator: 'eq', value: ' true ' },
      { kind: 'flag', flag: 'isPinSet', value: true },
    ],
    [
      { property: 'isLockedOut', operator: 'ne', value: 'True' },
      { kind: 'flag', flag: 'isLockedOut', value: false },
    ],
    [
      { property: 'enabled', operator: 'ne', value: 'False' },
      { kind: 'flag', flag: 'enabled', value: true },
    ],
    [
      { property: 'ou', operator: 'eq', value: 'OU=Payroll,OU=Finance,DC=litwareinc,DC=com' },
      { kind: 'ou', path: 'litwareinc.com/Finance/Payroll/', negated: false },
    ],
    [
      { property: 'ou', operator: 'ne', value: 'DC=litwareinc,DC=com' },
      { kind: 'ou', path: 'litwareinc.com/', negated: true },
    ],
    [
      { property: 'ou', operator: 'contains', value: 'Finance' },
      { kind: 'column', column: 'ouDn', operator: 'contains', value: 'Finance' },
    ],
    [
      { property: 'site', operator: 'isEmpty', value: '' },
      { kind: 'relation', relation: 'site', operator: 'isEmpty', value: '' },
    ],
    [
      { property: 'pinPolicy', operator: 'eq', value: 'Redmond' },
      { kind: 'relation', relation: 'pinPolicy', operator: 'eq', value: 'tag:Redmond' },
    ],
    [
      { property: 'pinPolicy', operator: 'ne', value: 'site:Dublin' },
      { kind: 'relation', relation: 'pinPolicy', operator: 'ne', value: 'site:Dublin' },
    ],
    [
      { property: 'pinPolicy', operator: 'startsWith', value: 'tag:' },
      { kind: 'relation', relation: 'pinPolicy', operator: 'startsWith', value: 'tag:' },
    ],
    [
      { property: 'department', operator: 'startsWith', value: ' Sal ' },
      { kind: 'column', column: 'department', operator: 'startsWith', value: 'Sal' },
    ],
  ] as const)('the clause %j is %j', (clause, node) => {
    expect(filterNode(clause)).toEqual(node);
  });

  it('keeps the text and the clauses in order', () => {
    expect(
      userFilterTree({
        q: 'smi',
        filters: [
          { property: 'site', operator: 'eq', value: 'Redmond' },
          { property: 'isPinSet', operator: 'eq', value: 'False' },
        ],
      }),
    ).toEqual({
      text: { kind: 'textPrefix', prefix: 'smi', phoneDigitsReversed: null, extension: null, domainLogon: null, upn: null },
      filters: [
        { kind: 'relation', relation: 'site', operator: 'eq', value: 'Redmond' },
        { kind: 'flag', flag: 'isPinSet', value: false },
      ],
    });
  });
});
