import { describe, expect, it } from 'vitest';
import { parseUserFilter } from './user-filter';

describe('Get-CsUser -Filter', () => {
  it.each([
    ['{Department -eq "Finance"}', [{ property: 'department', operator: 'eq', value: 'Finance' }]],
    [
      '{Department -eq "Finance" -and Title -like "Man*"}',
      [
        { property: 'department', operator: 'eq', value: 'Finance' },
        { property: 'title', operator: 'startsWith', value: 'Man' },
      ],
    ],
    ['{$_.IsPinSet -eq $False}', [{ property: 'isPinSet', operator: 'eq', value: 'False' }]],
    ['{City -eq $Null}', [{ property: 'city', operator: 'isEmpty', value: '' }]],
  ])('%s', (filter, clauses) => {
    expect(parseUserFilter(filter as string)).toEqual(clauses);
  });

  it.each([
    ['{Department -eq "A" -or Department -eq "B"}', '-or is not supported'],
    ['{Colour -eq "Blue"}', 'unknown property "Colour"'],
    ['{IsPinSet -eq "maybe"}', 'compares only with -eq / -ne and $True or $False'],
    ['{Title -gt 3}', '-gt is not supported here'],
    ['{Title -foo 3}', 'unknown operator'],
  ])('%s is refused: %s', (filter, message) => {
    expect(() => parseUserFilter(filter)).toThrow(message);
  });
});
