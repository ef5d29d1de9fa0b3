import { describe, expect, it } from 'vitest';
import { bindParameters, ParameterError, type ParameterSpec } from './args';

const specs: ParameterSpec[] = [
  { name: 'Identity', type: 'string', position: 0 },
  { name: 'Pin', type: 'string', position: 1 },
  { name: 'MinPasswordLength', type: 'int' },
  { name: 'MaximumLogonAttempts', type: 'nullable-int' },
  { name: 'AllowCommonPatterns', type: 'bool' },
  { name: 'WhatIf', type: 'switch' },
  { name: 'Confirm', type: 'switch' },
];
const bind = (...argv: string[]) => bindParameters('Set-Test', specs, argv);

describe('bindParameters (PowerShell-style)', () => {
  it.each([
    [['-Identity', 'litwareinc\\kenmyer'], { Identity: 'litwareinc\\kenmyer' }],
    [['litwareinc\\kenmyer', '18723834'], { Identity: 'litwareinc\\kenmyer', Pin: '18723834' }],
    [['-identity', 'x', '-PIN', '123'], { Identity: 'x', Pin: '123' }],
    [['-Pin', '99', 'x'], { Pin: '99', Identity: 'x' }],
    [['-Identity:x'], { Identity: 'x' }],
    [['-Ident', 'x'], { Identity: 'x' }],
    [['-WhatIf'], { WhatIf: true }],
    [['-Confirm:$false'], { Confirm: false }],
    [['-Confirm:$TRUE'], { Confirm: true }],
    [['-MinPasswordLength', '10'], { MinPasswordLength: 10 }],
    [['-MaximumLogonAttempts', '$Null'], { MaximumLogonAttempts: null }],
    [['-AllowCommonPatterns', '$True'], { AllowCommonPatterns: true }],
    [['-AllowCommonPatterns:$false'], { AllowCommonPatterns: false }],
    [['-AllowCommonPatterns', 'false'], { AllowCommonPatterns: false }],
  ])('%j → %j', (argv, expected) => {
    expect(bind(...argv)).toEqual(expected);
  });

  it.each([
    [['-Nope', 'x'], 'there is no parameter -Nope'],
    [['-M', '1'], 'ambiguous'],
    [['-MinPasswordLength', 'ten'], 'Set-Test -MinPasswordLength: must be a whole number (got "ten")'],
    [['-MinPasswordLength', '$Null'], 'cannot be $Null'],
    [['-AllowCommonPatterns', 'maybe'], 'must be $True or $False'],
    [['-Identity'], 'give a value after -Identity'],
    [['-Confirm:maybe'], 'a switch takes no value'],
    [['a', 'b', 'c'], 'unexpected argument "c"'],
    [['-Identity', 'a', '-Identity', 'b'], 'given more than once'],
  ])('%j is refused: %s', (argv, message) => {
    expect(() => bind(...argv)).toThrow(ParameterError);
    expect(() => bind(...argv)).toThrow(message);
  });
});
