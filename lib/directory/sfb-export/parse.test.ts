import { describe, expect, it } from 'vitest';
import { SfbExportError } from './errors';
import { parseExport, type ParsedChunk } from './parse';

async function collect(text: string, options?: { maxRecordChars?: number }) {
  const { typeName, chunks } = parseExport(text, options);
  const all: ParsedChunk = { records: [], problems: [] };
  const sizes: number[] = [];
  for await (const chunk of chunks) {
    sizes.push(chunk.records.length);
    all.records.push(...chunk.records);
    all.problems.push(...chunk.problems);
  }
  return { typeName, ...all, sizes };
}

describe('parseExport', () => {
  it('takes the #TYPE line off and still counts it in line numbers', async () => {
    const { typeName, records } = await collect('#TYPE Microsoft.Rtc.Management.ADConnect.Schema.OCSADUser\n"SipAddress","Identity"\n"sip:a@b.c","CN=A"\n');
    expect(typeName).toBe('Microsoft.Rtc.Management.ADConnect.Schema.OCSADUser');
    expect(records).toEqual([
      { line: 2, fields: ['SipAddress', 'Identity'] },
      { line: 3, fields: ['sip:a@b.c', 'CN=A'] },
    ]);
  });

  it('reads a file without a #TYPE line from line 1', async () => {
    const { typeName, records } = await collect('"SipAddress"\n"sip:a@b.c"\n');
    expect(typeName).toBeNull();
    expect(records.map((r) => r.line)).toEqual([1, 2]);
  });

  it('gives each record the line it starts on, past quoted line breaks and empty lines', async () => {
    const text = ['"a","b"', '"1","two', 'lines, ""quoted"""', '', '   ', '"3","x"', '4,"three', '', 'lines"', '5,y'].join('\n');
    const { records, problems } = await collect(text);
    expect(problems).toEqual([]);
    expect(records).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', 'two\nlines, "quoted"'] },
      { line: 6, fields: ['3', 'x'] },
      { line: 7, fields: ['4', 'three\n\nlines'] },
      { line: 10, fields: ['5', 'y'] },
    ]);
  });

  it.each([
    [';', '"SipAddress";"Identity"\n"sip:a@b.c";"CN=A,OU=B,DC=c"\n'],
    ['\t', '"SipAddress"\t"Identity"\n"sip:a@b.c"\t"CN=A,OU=B,DC=c"\n'],
    [',', '"SipAddress","Identity"\n"sip:a@b.c","CN=A;x"\n'],
  ])('reads the separator %j from the header line', async (delimiter, text) => {
    expect(parseExport(text).delimiter).toBe(delimiter);
    const { records } = await collect(text);
    expect(records[1].fields).toHaveLength(2);
  });

  it('keeps rows with fewer or more fields than the header', async () => {
    const { records } = await collect('a,b,c\n1\n1,2,3,4\n');
    expect(records.map((r) => r.fields)).toEqual([['a', 'b', 'c'], ['1'], ['1', '2', '3', '4']]);
  });

  it('reports a row with a bad quote by its line and reads on', async () => {
    const text = ['#TYPE X', '"Name","Sip"', '"Ken "The Boss" Myer","sip:k@b.c"', '"Ben","sip:ben@b.c"', 'x"y,z', '"Cara","sip:c@b.c"'].join('\n');
    const { records, problems } = await collect(text);
    expect(records.map((r) => [r.line, r.fields[0]])).toEqual([
      [2, 'Name'],
      [4, 'Ben'],
      [6, 'Cara'],
    ]);
    expect(problems).toEqual([
      { line: 3, throughLine: 3, reason: expect.stringContaining('must be doubled') },
      { line: 5, throughLine: 5, reason: expect.stringContaining('a quote appears inside a value that is not quoted') },
    ]);
  });

  it('reports an unclosed quote once, at its line, with the row it swallowed', async () => {
    const text = ['"Name","Sip"', '"Ann","sip:a@b.c"', '"Bad","sip:bad@b.c', '"Ben","sip:ben@b.c"', '"Cara","sip:c@b.c"'].join('\n');
    const { records, problems } = await collect(text);
    expect(records.map((r) => r.line)).toEqual([1, 2, 5]);
    expect(problems).toEqual([{ line: 3, throughLine: 4, reason: expect.stringContaining('must be doubled') }]);
  });

  it('reports a quote left open to the end of the file', async () => {
    const { records, problems } = await collect(
      ['"Name","Sip"', '"Ann","sip:a@b.c"', '"Bad","sip:bad@b.c', 'Ben,sip:ben@b.c', 'Cara,sip:c@b.c', ''].join('\n'),
    );
    expect(records.map((r) => r.line)).toEqual([1, 2]);
    expect(problems).toEqual([{ line: 3, throughLine: 5, reason: 'a quoted value is never closed' }]);
  });

  it('keeps the first problem per line when the parser trips twice on one broken row', async () => {
    const text = ['a,b', '3,"bad"q,4', '"5","6"', '"7","8"'].join('\n');
    const { records, problems } = await collect(text);
    expect(problems).toEqual([{ line: 2, throughLine: 3, reason: expect.stringContaining('must be doubled') }]);
    expect(records.map((r) => r.line)).toEqual([1, 4]);
  });

  it('fails the file on a record longer than the bound, naming its line', async () => {
    const text = `"a","b"\n"1","${'x'.repeat(300)}\n"2","3"\n`;
    const error = await collect(text, { maxRecordChars: 200 }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SfbExportError);
    expect((error as SfbExportError).code).toBe('RECORD_TOO_LARGE');
    expect((error as SfbExportError).message).toMatch(/line 2 is longer than 200 characters: a quoted value is probably never closed/);
  });

  it('hands records out in chunks of 500, and keeps characters cut by its 64 KiB slices', async () => {
    const rows = Array.from({ length: 1201 }, (_, i) => `"${i}","🎧${'é'.repeat(100)}"`);
    const { records, sizes } = await collect(rows.join('\n'));
    expect(sizes).toEqual([500, 500, 201]);
    expect(records[1200]).toEqual({ line: 1201, fields: ['1200', `🎧${'é'.repeat(100)}`] });
    expect(records.every((r, i) => r.fields[1] === `🎧${'é'.repeat(100)}` && r.line === i + 1)).toBe(true);
  });
});
