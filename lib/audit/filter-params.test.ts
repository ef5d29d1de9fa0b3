import { describe, expect, it } from 'vitest';
import { parseAuditFilter } from './filter-params';

const parse = (query: Record<string, string>) => parseAuditFilter(new URLSearchParams(query));

describe('audit filter parameters', () => {
  it('reads a valid filter (datetime-local values are UTC)', () => {
    const { filter, invalid } = parse({ actor: 'Ken', action: 'pin.', outcome: 'failure', from: '2026-11-01T08:00', to: '2026-11-02T00:00Z' });
    expect(invalid).toEqual([]);
    expect(filter).toMatchObject({
      actor: 'Ken',
      action: 'pin.',
      outcome: 'failure',
      from: new Date('2026-11-01T08:00:00Z'),
      to: new Date('2026-11-02T00:00:00Z'),
    });
  });

  it.each([
    ['+275760-09-13T00:00:00.000Z', /between 1970-01-01 and 9999-12-31/],
    ['-000001-01-01T00:00', /between 1970-01-01 and 9999-12-31/],
    ['0000-01-01T00:00', /between 1970-01-01 and 9999-12-31/],
    ['+010000-01-01T00:00', /between 1970-01-01 and 9999-12-31/],
    ['1969-12-31T23:59', /between 1970-01-01 and 9999-12-31/],
    ['yesterday', /not a date and time/],
    [`2026-01-01T00:00${' '.repeat(100)}Z`, /not a date and time/],
  ])('refuses from=%s, which JavaScript may take but the databases do not', (from, message) => {
    const { filter, invalid, problems } = parse({ from });
    expect(filter.from).toBeUndefined();
    expect(invalid).toEqual([{ field: 'from', message: expect.stringMatching(message) }]);
    expect(problems[0]).toMatch(/It was ignored\./);
  });

  it('refuses overlong text, control characters and unknown outcomes', () => {
    expect(parse({ actor: 'x'.repeat(201) }).invalid[0]).toEqual({ field: 'actor', message: 'Actor can be at most 200 characters (it has 201).' });
    expect(parse({ target: 'sip:\u0000' }).invalid[0]).toMatchObject({ field: 'target', message: expect.stringMatching(/control character/) });
    expect(parse({ outcome: 'constructor' }).invalid[0]).toMatchObject({ field: 'outcome' });
  });
});
