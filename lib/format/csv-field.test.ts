import { describe, expect, it } from 'vitest';
import { defuseFormula, quoteCsv } from './csv-field';

describe('CSV fields', () => {
  it.each(['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx'])('defuses %j', (text) => {
    expect(defuseFormula(text)).toBe(`'${text}`);
  });
  it('leaves other text alone', () => {
    expect(defuseFormula('Ken Myer')).toBe('Ken Myer');
  });
  it('quotes and doubles inner quotes', () => {
    expect(quoteCsv('say "hi", then')).toBe('"say ""hi"", then"');
  });
});
