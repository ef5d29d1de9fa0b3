import { describe, expect, it } from 'vitest';
import { classifySearchText, type SearchTextForms } from './search-text';

const none: SearchTextForms = { phoneDigitsReversed: null, extension: null, domainLogon: null, upn: null };

describe('classifySearchText', () => {
  it.each<[string, Partial<SearchTextForms>]>([
    ['', {}],
    ['Ken', {}],
    ['ken myer', {}],
    // Phone numbers in every writing a caller or a phone display uses: a suffix of the digits.
    ['+1 (425) 555-0100', { phoneDigitsReversed: '00105555241' }],
    ['+1 425 555 0100', { phoneDigitsReversed: '00105555241' }],
    ['4255550100', { phoneDigitsReversed: '0010555524' }],
    ['425.555.0100', { phoneDigitsReversed: '0010555524' }],
    ['555-0100', { phoneDigitsReversed: '0010555' }],
    ['tel:+14255550100', { phoneDigitsReversed: '00105555241' }],
    ['TEL:+14255550100;ext=100', { phoneDigitsReversed: '00105555241', extension: '100' }],
    // Seven digits may be a local number or a long extension: both are asked.
    ['5550100', { phoneDigitsReversed: '0010555', extension: '5550100' }],
    // Too few digits for a number: an extension.
    ['100', { extension: '100' }],
    [' 4321 ', { extension: '4321' }],
    ['ext=100', { extension: '100' }],
    ['Ext. 100', { extension: '100' }],
    ['x100', { extension: '100' }],
    ['555-01', {}],
    ['1234567890123456', {}],
    ['12 ab 34', {}],
    // Accounts.
    ['litwareinc\\kenmyer', { domainLogon: { domain: 'litwareinc', logon: 'kenmyer' } }],
    ['LITWAREINC\\KenM', { domainLogon: { domain: 'litwareinc', logon: 'kenm' } }],
    ['litwareinc\\', {}],
    ['\\kenmyer', {}],
    ['a\\b\\c', {}],
    ['kenmyer@litwareinc.com', { upn: 'kenmyer@litwareinc.com' }],
    ['KenMyer@Litware', { upn: 'kenmyer@litware' }],
    ['ken myer@x', {}],
  ])('%j is %j', (text, forms) => {
    expect(classifySearchText(text)).toEqual({ ...none, ...forms });
  });
});
