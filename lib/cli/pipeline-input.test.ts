import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { bindIdentity, readInputLines } from './pipeline-input';
import { formatForTerminal } from './output';

describe('pipeline input (JSON lines, ByPropertyName)', () => {
  it('reads objects across chunk boundaries, skips blank lines, reports a bad line and goes on', async () => {
    const chunks = ['{"Identity":"a"}\n{"Iden', 'tity":"b"}\n\nnot json\n', '{"SipAddress":"c"}'];
    const items = [];
    for await (const item of readInputLines(Readable.from(chunks))) items.push(item);
    expect(items).toEqual([
      { line: 1, object: { Identity: 'a' } },
      { line: 2, object: { Identity: 'b' } },
      { line: 4, error: 'input line 4 is not a JSON object ("not json"); pipe the output of another pindesk command.' },
      { line: 5, object: { SipAddress: 'c' } },
    ]);
  });

  it.each([
    [{ Identity: 'sip:a@x', SipAddress: 'sip:b@x' }, 'sip:a@x'],
    [{ identity: 'lower' }, 'lower'],
    [{ SipAddress: 'sip:b@x', UserPrincipalName: 'u@x' }, 'sip:b@x'],
    [{ UserPrincipalName: 'u@x' }, 'u@x'],
    ['litwareinc\\kenmyer', 'litwareinc\\kenmyer'],
    [{ Identity: '', SipAddress: 'sip:s@x' }, 'sip:s@x'],
    [{ Name: 'x' }, null],
    [[1, 2], null],
    [42, null],
  ])('binds %j → %j', (object, identity) => {
    expect(bindIdentity(object)).toBe(identity);
  });
});

describe('terminal output', () => {
  it('is a table for few properties', () => {
    expect(
      formatForTerminal([
        { Identity: 'sip:a@x', Pin: '12345' },
        { Identity: 'sip:bb@x', Pin: null },
      ]),
    ).toBe('Identity Pin\n-------- -----\nsip:a@x  12345\nsip:bb@x\n');
  });
  it('is a list for many properties, booleans as True/False', () => {
    const text = formatForTerminal([{ A: true, B: false, C: 1, D: 2, E: 3, Long: 'x' }]);
    expect(text).toContain('A    : True\nB    : False');
  });
});
