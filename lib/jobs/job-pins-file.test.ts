import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isFileOf, jobPinsCsv, parseSha256, sha256Hex } from './job-pins-file';

const rows = [
  { identity: 'kenmyer@litwareinc.com', displayName: 'Ken Myer', pin: '40719' },
  { identity: 'ann@litwareinc.com', displayName: 'Smith, Ann', pin: '00821' },
];

describe('the bulk job PIN file and its checksum', () => {
  it('is the CSV the download answers, and its SHA-256 is what sha256sum prints for it', () => {
    const file = jobPinsCsv(rows);
    expect(file).toBe('Identity,DisplayName,PIN\r\nkenmyer@litwareinc.com,Ken Myer,40719\r\nann@litwareinc.com,"Smith, Ann",00821\r\n');
    expect(sha256Hex(file)).toBe(createHash('sha256').update(Buffer.from(file, 'utf8')).digest('hex'));
  });

  it.each([
    ['a'.repeat(64), 'a'.repeat(64)],
    [` ${'AB'.repeat(32)}\n`, 'ab'.repeat(32)],
    ['a'.repeat(63), null],
    ['g'.repeat(64), null],
    [`${'a'.repeat(64)}  pins.csv`, null],
    [42, null],
    [undefined, null],
  ])('parseSha256(%j) is %j', (value, expected) => {
    expect(parseSha256(value)).toBe(expected);
  });

  it('recognises only the checksum of the same rows', () => {
    const checksum = sha256Hex(jobPinsCsv(rows));
    expect(isFileOf(rows, checksum)).toBe(true);
    expect(isFileOf([rows[0]], checksum)).toBe(false);
    expect(isFileOf([{ ...rows[0], pin: '40718' }, rows[1]], checksum)).toBe(false);
  });
});
