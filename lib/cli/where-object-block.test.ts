import { describe, expect, it } from 'vitest';
import { FilterParseError } from '../validation/filter-error';
import { parseWhereExpression, parseWhereObject } from './where-object-block';

const info = {
  Identity: 'sip:kenmyer@litwareinc.com',
  DisplayName: 'Ken Myer',
  IsPinSet: false,
  MinPasswordLength: 12,
  MaximumLogonAttempts: null,
  LastPinChangeTime: '2026-11-01T10:00:00.000Z',
  Site: 'Redmond',
};

describe('Where-Object script blocks', () => {
  it.each([
    ['{$_.IsPinSet -eq $False}', true],
    ['{$_.IsPinSet -eq $True}', false],
    ['{$_.IsPinSet -ne $true}', true],
    ['{$_.ispinset -eq "False"}', true],
    ['{$_.MinPasswordLength -gt 10}', true],
    ['{$_.MinPasswordLength -gt "10"}', true],
    ['{$_.MinPasswordLength -ge 12}', true],
    ['{$_.MinPasswordLength -lt 12}', false],
    ['{$_.MinPasswordLength -le 12}', true],
    ['{$_.MaximumLogonAttempts -eq $Null}', true],
    ['{$_.MaximumLogonAttempts -ne $null}', false],
    ['{$_.DisplayName -eq "ken myer"}', true],
    ["{$_.DisplayName -like 'ken*'}", true],
    ["{$_.DisplayName -like 'K?n M*'}", true],
    ["{$_.DisplayName -notlike '*smith'}", true],
    ["{$_.Identity -match '^sip:ken'}", true],
    ["{$_.Identity -notmatch 'KEN'}", false],
    ["{$_.LastPinChangeTime -lt '2026-11-02'}", true],
    ["{$_.LastPinChangeTime -gt '2026-11-02T00:00:00Z'}", false],
    ['{$_.IsPinSet -eq $False -and $_.MinPasswordLength -gt 20}', false],
    ['{$_.IsPinSet -eq $True -or $_.MinPasswordLength -gt 10}', true],
    ['{-not ($_.IsPinSet -eq $True)}', true],
    ['{!($_.Site -eq "Redmond")}', false],
    ['{($_.Site -eq "Dublin" -or $_.Site -eq "Redmond") -and $_.IsPinSet -eq $False}', true],
    ['{$_.Missing -eq $Null}', true],
    ['{$_.IsPinSet}', false],
    ['{$_.Site}', true],
    ["{$_.DisplayName -eq 'it''s'}", false],
    ['$_.MinPasswordLength -gt 10', true],
    ['{$PSItem.MinPasswordLength -eq 12}', true],
  ])('%s → %s', (block, expected) => {
    expect(parseWhereObject(block)(info)).toBe(expected);
  });

  it.each([
    ['{$_.IsPinSet -eq $False', 'does not end with "}"'],
    ['{}', 'the script block is empty'],
    ['{$_.X -foo 1}', 'unknown operator "-foo"'],
    ['{$_.X -ceq 1}', '-ceq is not supported'],
    ['{$_.X -eq}', '-eq needs a value'],
    ['{$_.X -eq "open}', 'is not closed'],
    ['{$x.Y -eq 1}', 'unknown variable "$x"'],
    ['{IsPinSet -eq $False}', 'expected $_.Property'],
    ['{$_.A -eq 1 $_.B -eq 2}', 'join conditions with -and or -or'],
    ['{($_.A -eq 1}', 'is not closed with ")"'],
    ['{$_.A -match "("}', 'not a valid regular expression'],
    ['{$_. -eq 1}', 'expected a property name'],
  ])('%s is refused: %s', (block, message) => {
    expect(() => parseWhereObject(block)).toThrow(FilterParseError);
    expect(() => parseWhereObject(block)).toThrow(message);
  });

  it('names the block in the error', () => {
    expect(() => parseWhereObject('{$_.X -foo 1}')).toThrow(/^Where-Object '\{\$_\.X -foo 1\}': /);
  });

  it('takes bare property names when asked (Get-CsUser -Filter)', () => {
    expect(parseWhereExpression('{Department -eq "Finance"}', { bareProperties: true })).toEqual({
      kind: 'cmp',
      property: ['Department'],
      operator: 'eq',
      value: 'Finance',
    });
  });
});
