import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { JobPinRow } from '../db/bulk-job-views';
import { isFileOf, jobPinsCsv, parseSha256, sha256Hex } from './job-pins-file';

const rows: JobPinRow[] = [
  { identity: 'kenmyer@litwareinc.com', displayName: 'Ken Myer', pin: '40719', status: 'done', reason: null },
  { identity: 'ann@litwareinc.com', displayName: 'Smith, Ann', pin: '00821', status: 'done', reason: null },
];

describe('the bulk job PIN file and its checksum', () => {
  it('is the CSV the download answers, and its SHA-256 is what sha256sum prints for it', () => {
    const file = jobPinsCsv(rows);
    expect(file).toBe(
      '"Identity","DisplayName","PIN","Result","Reason"\r\n' +
        '"kenmyer@litwareinc.com","Ken Myer","=""40719""","Changed",""\r\n' +
        '"ann@litwareinc.com","Smith, Ann","=""00821""","Changed",""\r\n',
    );
    expect(sha256Hex(file)).toBe(createHash('sha256').update(Buffer.from(file, 'utf8')).digest('hex'));
  });

  it('lists skipped and failed users with the reason, quotes every field and defuses formulas', () => {
    const file = jobPinsCsv([
      { identity: 'pilar@litwareinc.com', displayName: 'Pilar "PA" Ackerman', pin: null, status: 'skipped', reason: 'Already has a PIN.' },
      { identity: 'x@litwareinc.com', displayName: '=HYPERLINK("http://evil")', pin: null, status: 'failed', reason: 'The change failed.' },
    ]);
    expect(file.split('\r\n').slice(1)).toEqual([
      '"pilar@litwareinc.com","Pilar ""PA"" Ackerman","","Skipped","Already has a PIN."',
      `"x@litwareinc.com","'=HYPERLINK(""http://evil"")","","Failed","The change failed."`,
      '',
    ]);
  });

  it('writes a PIN so that a spreadsheet reading the field gets ="048202", the leading zero kept', () => {
    const line = jobPinsCsv([{ identity: 'a@b.c', displayName: 'A', pin: '048202', status: 'done', reason: null }]).split('\r\n')[1];
    // Unquoting the third field as RFC 4180 does gives the formula text.
    const third = line.split('","')[2];
    expect(third.replace(/""/g, '"')).toBe('="048202"');
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
    expect(isFileOf([rows[0], { ...rows[1], pin: null, status: 'skipped', reason: 'Already has a PIN.' }], checksum)).toBe(false);
  });
});
