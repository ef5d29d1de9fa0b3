import { describe, expect, it } from 'vitest';
import { MAX_PATH_LENGTH, detectBackupFormat, formatBytes, resolveFileArgument } from './backup-file';
import { OpsError } from './ops-error';

describe('detectBackupFormat', () => {
  it.each([
    ['a SQLite file', Buffer.concat([Buffer.from('SQLite format 3\0', 'latin1'), Buffer.alloc(84)]), 'sqlite'],
    ['a pg_dump custom archive', Buffer.from('PGDMP\x01\x0e\x00\x04\x08\x01\x01', 'latin1'), 'postgresql'],
    ['a plain SQL dump', Buffer.from('--\n-- PostgreSQL database dump\n--\n'), null],
    ['"SQLite format 3" without its NUL', Buffer.from('SQLite format 3 and more', 'latin1'), null],
    ['a truncated SQLite header', Buffer.from('SQLite for', 'latin1'), null],
    ['"PGDM" alone', Buffer.from('PGDM', 'latin1'), null],
    ['an empty file', Buffer.alloc(0), null],
    ['a pg_dump tar archive', Buffer.from('toc.dat\0\0\0', 'latin1'), null],
  ])('%s → %s', (_name, header, format) => {
    expect(detectBackupFormat(header)).toBe(format);
  });

  it('reads a view into a larger buffer at its own offset', () => {
    const whole = Buffer.from('xxxxPGDMP', 'latin1');
    expect(detectBackupFormat(whole.subarray(4))).toBe('postgresql');
  });
});

describe('resolveFileArgument', () => {
  it('resolves a relative path from where npm was run, not the project', () => {
    expect(resolveFileArgument('backups/pindesk.db', '/home/ops')).toBe('/home/ops/backups/pindesk.db');
    expect(resolveFileArgument('/var/backups/x', '/home/ops')).toBe('/var/backups/x');
  });

  it.each([
    ['an empty name', '', /empty/],
    ['blanks', '   ', /empty/],
    ['a NUL byte', 'a\0b', /NUL byte/],
    ['a line break', 'a\nb', /line break/],
    ['4,097 characters', 'a'.repeat(MAX_PATH_LENGTH + 1), /4,097 characters long; at most 4096/],
  ])('refuses %s as a usage error (exit 2)', (_name, raw, message) => {
    let error: unknown;
    try {
      resolveFileArgument(raw, '/tmp');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(OpsError);
    expect((error as OpsError).exitCode).toBe(2);
    expect((error as OpsError).message).toMatch(message);
  });

  it('accepts a name of exactly 4,096 characters', () => {
    expect(resolveFileArgument('/' + 'a'.repeat(MAX_PATH_LENGTH - 1), '/tmp')).toHaveLength(MAX_PATH_LENGTH);
  });
});

describe('formatBytes', () => {
  it.each([
    [0, '0 bytes'],
    [1023, '1023 bytes'],
    [1024, '1.0 KiB'],
    [397312, '388 KiB'],
    [5 * 1024 * 1024, '5.0 MiB'],
    [3 * 1024 ** 4, '3.0 TiB'],
  ])('%d → %s', (bytes, text) => expect(formatBytes(bytes)).toBe(text));
});
