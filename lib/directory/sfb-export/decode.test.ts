import { describe, expect, it } from 'vitest';
import { DECODE_CHUNK_BYTES, decodeExport } from './decode';
import { SfbExportError } from './errors';

const utf16 = (text: string, bom = true) => Buffer.concat([Buffer.from(bom ? [0xff, 0xfe] : []), Buffer.from(text, 'utf16le')]);
const rejection = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SfbExportError);
  return error as SfbExportError;
};

describe('decodeExport', () => {
  it.each([
    ['UTF-8 without a BOM', Buffer.from('"SipAddress"\r\n"sip:jörg@litwareinc.com"\r\n'), 'utf-8'],
    ['UTF-8 with a BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('"SipAddress"\r\n"sip:jörg@litwareinc.com"\r\n')]), 'utf-8-bom'],
    ['UTF-16 LE with a BOM', utf16('"SipAddress"\r\n"sip:jörg@litwareinc.com"\r\n'), 'utf-16le'],
    ['UTF-16 LE without a BOM', utf16('"SipAddress"\r\n"sip:jörg@litwareinc.com"\r\n', false), 'utf-16le'],
  ] as const)('reads %s, without the BOM and with LF line ends', async (_, bytes, encoding) => {
    expect(await decodeExport(bytes)).toEqual({ text: '"SipAddress"\n"sip:jörg@litwareinc.com"\n', encoding });
  });

  it('turns lone CRs into LFs, and a CRLF split across decoding chunks into one LF', async () => {
    expect((await decodeExport(Buffer.from('a\rb\r\nc\r'))).text).toBe('a\nb\nc\n');
    const head = 'x'.repeat(DECODE_CHUNK_BYTES - 1);
    const { text } = await decodeExport(Buffer.from(`${head}\r\nz`));
    expect(text).toBe(`${head}\nz`);
  });

  it('keeps characters whose bytes straddle a chunk boundary (UTF-8 and UTF-16 surrogates)', async () => {
    const head = 'x'.repeat(DECODE_CHUNK_BYTES - 1);
    expect((await decodeExport(Buffer.from(`${head}€🎧`))).text).toBe(`${head}€🎧`);
    const head16 = 'x'.repeat(DECODE_CHUNK_BYTES / 2 - 2);
    expect((await decodeExport(utf16(`${head16}🎧y`))).text).toBe(`${head16}🎧y`);
  });

  it('names the line of invalid UTF-8 and says how to export again', async () => {
    const bytes = Buffer.concat([Buffer.from('"SipAddress"\r\n"sip:a@b.c"\r\n"J'), Buffer.from([0xf6]), Buffer.from('rg"\r\n')]);
    const error = await rejection(decodeExport(bytes));
    expect(error.code).toBe('ENCODING_INVALID');
    expect(error.message).toMatch(/not valid UTF-8 \(line 3, byte 29\).*Export-Csv -Encoding UTF8/);
  });

  it('finds invalid UTF-8 beyond the first chunk', async () => {
    const bytes = Buffer.concat([Buffer.from('a\n'.repeat(600 * 1024)), Buffer.from([0xc3, 0x28])]);
    const error = await rejection(decodeExport(bytes));
    expect(error.message).toContain(`line ${600 * 1024 + 1}, byte ${1200 * 1024}`);
  });

  it.each([
    ['UTF-16 big-endian with a BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('"SipAddress"', 'utf16le').swap16()]), /UTF-16 big-endian/],
    ['UTF-16 big-endian without a BOM', Buffer.from('"SipAddress"\r\n', 'utf16le').swap16(), /UTF-16 big-endian/],
    ['UTF-32', Buffer.from([0xff, 0xfe, 0, 0, 0x22, 0, 0, 0]), /UTF-32/],
  ])('refuses %s with the encoding to export in', async (_, bytes, name) => {
    const error = await rejection(decodeExport(bytes));
    expect(error.code).toBe('ENCODING_UNSUPPORTED');
    expect(error.message).toMatch(name);
    expect(error.message).toContain('-Encoding UTF8');
  });

  it('refuses an Excel workbook, saying how to save it as CSV', async () => {
    const error = await rejection(decodeExport(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00])));
    expect(error.message).toMatch(/Excel workbook.*CSV UTF-8/);
  });

  it('refuses a UTF-16 file with an odd number of bytes', async () => {
    expect((await rejection(decodeExport(Buffer.concat([utf16('"a"'), Buffer.from([0x41])])))).code).toBe('ENCODING_INVALID');
  });

  it('refuses a file over maxBytes before decoding it, and one over 50 MiB by default', async () => {
    const small = await rejection(decodeExport(Buffer.alloc(2048, 0x41), { maxBytes: 1024 }));
    expect(small.code).toBe('FILE_TOO_LARGE');
    expect(small.message).toMatch(/The file is 2 KiB; at most 1 KiB can be imported\. Export fewer users/);
    // Invalid bytes throughout: only the size check can have refused it.
    const large = await rejection(decodeExport(Buffer.alloc(50 * 1024 * 1024 + 1, 0xff)));
    expect(large.code).toBe('FILE_TOO_LARGE');
    expect(large.message).toContain('at most 50.0 MiB');
  });

  it('refuses a maxBytes that is not a positive whole number', async () => {
    await expect(decodeExport(Buffer.from('a'), { maxBytes: 0 })).rejects.toThrow(RangeError);
  });
});
