import { readFileSync } from 'node:fs';
import { PerformanceObserver } from 'node:perf_hooks';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DirectoryEntry } from '../entry';
import type { DirectoryReader, EntryProblem } from '../reader';
import { openSfbExport, SfbExportError } from './index';

const fixture = (name: string) => readFileSync(path.resolve(import.meta.dirname, '../../../tests/fixtures/sfb-export', name));

async function readAll(reader: DirectoryReader, signal?: AbortSignal) {
  const read = await reader.read({ since: null, full: true, signal });
  if (read.kind !== 'changes') throw new Error('an import reads changes');
  const entries: DirectoryEntry[] = [];
  const problems: EntryProblem[] = [];
  const sizes: number[] = [];
  for await (const batch of read.batches) {
    sizes.push(batch.entries.length);
    entries.push(...batch.entries);
    problems.push(...batch.problems);
  }
  return { entries, problems, sizes, gone: await read.gone(), nextCursor: read.nextCursor };
}

async function openError(bytes: Uint8Array, options?: Parameters<typeof openSfbExport>[1]): Promise<SfbExportError> {
  const error = await openSfbExport(bytes, options).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SfbExportError);
  return error as SfbExportError;
}

describe('openSfbExport', () => {
  it.each([
    ['ps51-utf16le.csv', 'utf-16le', 'Microsoft.Rtc.Management.ADConnect.Schema.OCSADUser'],
    ['utf8-bom.csv', 'utf-8-bom', 'Microsoft.Rtc.Management.ADConnect.Schema.OCSADUser'],
    ['ps7-utf8.csv', 'utf-8', null],
  ] as const)('reads %s (%s) with quoted commas, quotes and line breaks', async (name, encoding, typeName) => {
    const file = await openSfbExport(fixture(name));
    expect(file).toMatchObject({ encoding, typeName, delimiter: ',', rows: 4, entries: 4, problems: 0 });
    expect(file.columns.ignored).toEqual(['EnterpriseVoiceEnabled', 'VoicePolicy', 'RegistrarPool']);
    expect(file.columns.used).toContain('SipAddress');
    const { entries, problems } = await readAll(file.reader);
    expect(problems).toEqual([]);
    expect(entries.map((e) => e.sipAddress)).toEqual([
      'sip:kenmyer@litwareinc.com',
      'sip:jmuller@litwareinc.com',
      'sip:tyamada@litwareinc.com',
      'sip:pilar@litwareinc.com',
    ]);
    expect(entries[0]).toMatchObject({
      displayName: 'Myer, Ken',
      title: 'Senior "Lead" Accountant',
      office: 'Building 12\nRoom 1100',
      distinguishedName: 'CN=Myer\\, Ken,OU=Finance,DC=litwareinc,DC=com',
      domain: 'litwareinc',
      otherPhones: ['+1 (425) 555-0101'],
      lineUri: 'tel:+14255550100;ext=100',
    });
    expect(entries[1]).toMatchObject({ displayName: 'Jörg Müller', city: 'Zürich', enabled: false });
    expect(entries[2]).toMatchObject({ displayName: '山田 太郎', title: '🎧 Support' });
    if (name !== 'ps7-utf8.csv') expect(entries[0].externalId).toBe('8f1c2d3e-4a5b-4c6d-8e7f-0123456789ab');
  });

  it('reads a file written with Export-Csv -UseCulture (semicolons), keeping commas inside DNs', async () => {
    const text = [
      '#TYPE Microsoft.Rtc.Management.ADConnect.Schema.OCSADUser',
      '"SipAddress";"Identity";"DisplayName";"SamAccountName";"UserPrincipalName";"Enabled"',
      '"sip:jmuller@litwareinc.com";"CN=Müller\\, Jörg,OU=Zürich,DC=litwareinc,DC=com";"Müller, Jörg";"jmuller";"jmuller@litwareinc.com";"True"',
    ];
    const file = await openSfbExport(Buffer.from(text.join('\r\n'), 'utf8'));
    expect(file).toMatchObject({ delimiter: ';', entries: 1, problems: 0 });
    const { entries } = await readAll(file.reader);
    expect(entries[0]).toMatchObject({
      distinguishedName: 'CN=Müller\\, Jörg,OU=Zürich,DC=litwareinc,DC=com',
      displayName: 'Müller, Jörg',
      domain: 'litwareinc',
    });
  });

  it('warns when a UTF-8 file has "?" in names, as Windows PowerShell 5.1 writes in ASCII', async () => {
    const text = [
      '#TYPE Microsoft.Rtc.Management.ADConnect.Schema.OCSADUser',
      '"SipAddress","Identity","DisplayName","SamAccountName","UserPrincipalName"',
      '"sip:ken@litwareinc.com","CN=Ken,DC=litwareinc,DC=com","Ken Myer","ken","ken@litwareinc.com"',
      '"sip:jmuller@litwareinc.com","CN=J?rg M?ller,DC=litwareinc,DC=com","J?rg M?ller","jmuller","jmuller@litwareinc.com"',
    ];
    const file = await openSfbExport(Buffer.from(text.join('\r\n'), 'utf8'));
    expect(file.warnings).toEqual([expect.stringMatching(/^1 user has a "\?" in a name or title \(first on line 4\).*-Encoding UTF8/)]);
    expect((await openSfbExport(fixture('ps51-utf16le.csv'))).warnings).toEqual([]);
  });

  it('keys the same user alike in every import of a file without Guids', async () => {
    const first = await readAll((await openSfbExport(fixture('ps7-utf8.csv'))).reader);
    const second = await readAll((await openSfbExport(fixture('ps7-utf8.csv'))).reader);
    expect(second.entries.map((e) => e.externalId)).toEqual(first.entries.map((e) => e.externalId));
    expect(new Set(first.entries.map((e) => e.externalId)).size).toBe(4);
  });

  it('reports bad rows by line while the good rows come through', async () => {
    const file = await openSfbExport(fixture('bad-rows.csv'));
    expect(file).toMatchObject({ rows: 10, entries: 5, problems: 5 });
    const { entries, problems } = await readAll(file.reader);
    expect(entries.map((e) => e.displayName)).toEqual(['Anna Lidman', 'After Boss', 'Ben Miller', 'Multi\nLine', 'Cara Last']);
    expect(entries.at(-1)).toMatchObject({ sipAddress: 'sip:cara@litwareinc.com', enabled: false });
    expect(problems.map(({ entry, reason }) => [entry, reason])).toEqual([
      ['line 4', 'it has no SIP address (its SipAddress is empty)'],
      ['line 5 (sip:badline@litwareinc.com)', 'its line URI "tel:555-0100" is malformed (expected tel:+14255550100 or tel:+14255550100;ext=100)'],
      ['line 6', expect.stringMatching(/^a quoted value is followed by other text.*must be doubled.*\(correct the file and upload it again\)$/)],
      ['line 9 (sip:anna@litwareinc.com)', 'duplicate SIP address, also on line 3'],
      ['line 10 (sip:yesenabled@litwareinc.com)', 'its Enabled value "Yes" is neither True nor False'],
    ]);
    expect(problems[3].externalId).toBe(entries[0].externalId);
  });

  it('says which lines an unclosed quote made unreadable', async () => {
    const text = [
      '"SipAddress","Identity","DisplayName","SamAccountName","UserPrincipalName"',
      '"sip:bad@b.c","CN=Bad,DC=b,DC=c","Bad',
      '"sip:ben@b.c","CN=Ben,DC=b,DC=c","Ben","ben","ben@b.c"',
    ];
    const { problems } = await readAll((await openSfbExport(Buffer.from(text.join('\r\n')))).reader);
    expect(problems).toEqual([{ entry: 'line 2', reason: expect.stringContaining('; lines 2–3 could not be read (correct the file') }]);
  });

  it('refuses a file without the required columns, naming them and how to export', async () => {
    const error = await openError(fixture('missing-columns.csv'));
    expect(error.code).toBe('COLUMNS_MISSING');
    expect(error.message).toMatch(/no SipAddress and no DistinguishedName \(or Identity\) column.*Get-CsUser \| Export-Csv/);
  });

  it.each([
    ['an empty file', Buffer.alloc(0)],
    ['only a BOM and a #TYPE line', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('#TYPE X\r\n\r\n', 'utf16le')])],
    ['a header and no users', Buffer.from('#TYPE X\r\n"SipAddress","Identity"\r\n\r\n')],
  ])('refuses %s', async (_, bytes) => {
    expect((await openError(bytes)).code).toBe('FILE_EMPTY');
  });

  it('refuses a file whose header cannot be read', async () => {
    const error = await openError(Buffer.from('#TYPE X\n"SipAddress"x,"Identity"\n"sip:a@b.c","CN=A,DC=b"\n'));
    expect(error.code).toBe('HEADER_MISSING');
    expect(error.message).toContain('The header on line 2 cannot be read');
  });

  it('refuses an oversized file', async () => {
    const bytes = fixture('ps51-utf16le.csv');
    expect((await openError(bytes, { maxBytes: bytes.length - 1 })).code).toBe('FILE_TOO_LARGE');
    expect((await openSfbExport(bytes, { maxBytes: bytes.length })).entries).toBe(4);
  });

  it('refuses a domain that is not a NetBIOS name and takes one that is', async () => {
    await expect(openSfbExport(fixture('ps7-utf8.csv'), { domain: 'litware inc' })).rejects.toThrow(/NetBIOS domain name/);
    await expect(openSfbExport(fixture('ps7-utf8.csv'), { domain: 'x'.repeat(16) })).rejects.toThrow(/1 to 15 characters/);
    const { entries } = await readAll((await openSfbExport(fixture('ps7-utf8.csv'), { domain: 'FABRIKAM' })).reader);
    expect(entries.every((e) => e.domain === 'fabrikam')).toBe(true);
  });

  it('reads the same users every time, adds and updates only, and stops when aborted', async () => {
    const file = await openSfbExport(fixture('bad-rows.csv'));
    const preview = await readAll(file.reader);
    preview.entries[0].displayName = 'changed by the consumer';
    const again = await readAll(file.reader);
    expect(again.entries[0].displayName).toBe('Anna Lidman');
    expect(again.problems).toEqual(preview.problems);
    expect(again.gone).toEqual([]);
    expect(again.nextCursor).toBeNull();
    const controller = new AbortController();
    controller.abort();
    await expect(file.reader.read({ since: null, full: false, signal: controller.signal })).rejects.toThrow();
  });

  it('reads 50,000 rows in batches of at most 500, never holding the event loop for long', async () => {
    const header = '"SamAccountName","UserPrincipalName","DisplayName","Enabled","LineURI","SipAddress","Identity","Guid","VoicePolicy"';
    const lines = ['#TYPE Microsoft.Rtc.Management.ADConnect.Schema.OCSADUser', header];
    for (let i = 0; i < 50_000; i++) {
      const guid = `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
      lines.push(
        `"user${i}","user${i}@litwareinc.com","User ${i}, Test","True","tel:+1425555${String(i).padStart(5, '0')}","sip:user${i}@litwareinc.com","CN=User ${i},OU=Staff,DC=litwareinc,DC=com","${guid}","Global"`,
      );
    }
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(lines.join('\r\n') + '\r\n', 'utf16le')]);

    // Gaps between ticks of a 1 ms timer, less the garbage collector's pauses inside them: the
    // collector's pauses follow the heap's size (and, on a shared machine, the other workers'
    // load), not how this code splits its work.
    const gcPauses: { start: number; end: number }[] = [];
    const gcObserver = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) gcPauses.push({ start: entry.startTime, end: entry.startTime + entry.duration });
    });
    gcObserver.observe({ entryTypes: ['gc'] });
    // And less the time this process was not running at all (the machine busy with other work):
    // a gap counts only the CPU time this process spent in it.
    const gaps: { start: number; end: number; cpuMs: number }[] = [];
    let last = performance.now();
    let lastCpu = process.cpuUsage();
    const timer = setInterval(() => {
      const now = performance.now();
      const cpu = process.cpuUsage(lastCpu);
      if (now - last > 10) gaps.push({ start: last, end: now, cpuMs: (cpu.user + cpu.system) / 1000 });
      last = now;
      lastCpu = process.cpuUsage();
    }, 1);
    try {
      const file = await openSfbExport(bytes);
      expect(file).toMatchObject({ rows: 50_000, entries: 50_000, problems: 0 });
      const { entries, sizes } = await readAll(file.reader);
      expect(entries).toHaveLength(50_000);
      expect(Math.max(...sizes)).toBeLessThanOrEqual(500);
      expect(entries[49_999].sipAddress).toBe('sip:user49999@litwareinc.com');
    } finally {
      clearInterval(timer);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
    gcObserver.disconnect();
    const overlap = (gap: { start: number; end: number }) =>
      gcPauses.reduce((sum, pause) => sum + Math.max(0, Math.min(gap.end, pause.end) - Math.max(gap.start, pause.start)), 0);
    const longest = Math.max(0, ...gaps.map((gap) => Math.min(gap.end - gap.start, gap.cpuMs) - overlap(gap)));
    const longestRaw = Math.max(0, ...gaps.map((gap) => gap.end - gap.start));
    console.info(
      `50,000 rows: longest event-loop gap ${longestRaw.toFixed(0)} ms, ${longest.toFixed(0)} ms of this process's own work without garbage collection`,
    );
    // A guard against work that is not split (reading the whole file in one go takes over a
    // second), not a measurement: the figures are in the log line above and bench/README.md.
    expect(longest).toBeLessThan(100);
  }, 60_000);
});
