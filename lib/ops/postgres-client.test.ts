import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { clientFitsServer, clientMajorVersion, findOnPath, maskDatabaseUrl, pgToolConnection, redactPassword, serverMajorVersion } from './postgres-client';
import { reportFailure } from './report';

describe('maskDatabaseUrl', () => {
  it.each([
    ['postgresql://pindesk:s3cret@db.example.com:5432/pindesk', 'postgresql://pindesk:***@db.example.com:5432/pindesk'],
    ['postgres://u:p%40ss%2Fw0rd@h/db?sslmode=require', 'postgres://u:***@h/db?sslmode=require'],
    ['postgresql://u@h:5432/db?password=hunter2&sslmode=verify-full', 'postgresql://u@h:5432/db?password=***&sslmode=verify-full'],
    ['postgresql://u@h/db', 'postgresql://u@h/db'],
    ['file:/srv/pindesk/data/pindesk.db', 'file:/srv/pindesk/data/pindesk.db'],
  ])('%s → %s', (url, masked) => {
    expect(maskDatabaseUrl(url)).toBe(masked);
  });

  it('masks a URL the URL parser refuses, too', () => {
    const masked = maskDatabaseUrl('postgresql://u:not so secret@[bad/db');
    expect(masked).not.toContain('not so secret');
    expect(masked).toContain('***');
  });
});

describe('redactPassword', () => {
  it('removes the password as typed and URL-encoded', () => {
    const text = 'failed for p@ss/w0rd and p%40ss%2Fw0rd';
    expect(redactPassword(text, 'p@ss/w0rd')).toBe('failed for *** and ***');
    expect(redactPassword(text, undefined)).toBe(text);
  });
});

describe('reportFailure', () => {
  it('never prints the password of DATABASE_URL, whatever the error says', () => {
    const url = 'postgresql://pindesk:Tr0ub4dor%263@db:5432/pindesk';
    const printed: string[] = [];
    const original = console.error;
    console.error = (text: string) => printed.push(text);
    try {
      expect(reportFailure('db:backup', new Error(`could not use ${url} with password Tr0ub4dor&3`), url)).toBe(1);
    } finally {
      console.error = original;
    }
    expect(printed.join('\n')).not.toMatch(/Tr0ub4dor/);
    expect(printed.join('\n')).toContain('postgresql://pindesk:***@db:5432/pindesk');
  });
});

describe('versions', () => {
  it.each([
    ['pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)', 15],
    ['pg_restore (PostgreSQL) 17.2', 17],
    ['pg_dump (PostgreSQL) 18beta1', 18],
    ['pg_dump (PostgreSQL) 9.6.24', 9.6],
    ['pg_dump (PostgreSQL) 10.23', 10],
    ['something else', null],
  ])('client %s → %s', (output, major) => {
    expect(clientMajorVersion(output)).toBe(major);
  });

  it.each([
    ['150020', 15],
    [170002, 17],
    ['100023', 10],
    ['90624', 9.6],
  ])('server_version_num %s → %s', (num, major) => {
    expect(serverMajorVersion(num)).toBe(major);
  });

  it('refuses a nonsense server version', () => {
    expect(() => serverMajorVersion('abc')).toThrow(/server_version_num/);
  });

  it.each([
    [15, 15, true],
    [16, 15, true],
    [14, 15, false],
    [9.6, 10, false],
    [10, 9.6, true],
  ])('client %s for server %s: %s', (client, server, fits) => {
    expect(clientFitsServer(client, server)).toBe(fits);
  });
});

describe('pgToolConnection', () => {
  it('puts the password in PGPASSWORD, never in the arguments, and passes sslmode on', () => {
    const { args, env } = pgToolConnection(
      { host: 'db', port: 6543, user: 'pindesk', password: 's3cret', database: 'pindesk', ssl: true },
      'postgresql://pindesk:s3cret@db:6543/pindesk?sslmode=verify-full',
      { ...process.env, PATH: '/usr/bin' },
    );
    expect(args).toEqual(['--host', 'db', '--port', '6543', '--username', 'pindesk', '--no-password']);
    expect(args.join(' ')).not.toContain('s3cret');
    expect(env).toMatchObject({ PATH: '/usr/bin', PGPASSWORD: 's3cret', PGSSLMODE: 'verify-full' });
  });

  it('leaves PGPASSWORD of the environment alone when the URL has no password', () => {
    const { env } = pgToolConnection({ host: 'db', port: 5432, user: 'u', database: 'd' }, 'postgresql://u@db/d', {
      ...process.env,
      PGPASSWORD: 'from-env',
      PGSSLMODE: undefined,
    });
    expect(env.PGPASSWORD).toBe('from-env');
    expect(env.PGSSLMODE).toBeUndefined();
  });
});

describe('findOnPath', () => {
  it('finds an executable file, skipping a non-executable one and a folder of that name', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pindesk-path-'));
    try {
      for (const dir of ['a', 'b', 'c']) fs.mkdirSync(path.join(root, dir));
      fs.writeFileSync(path.join(root, 'a', 'pg_dump'), '#!/bin/sh\n', { mode: 0o644 });
      fs.mkdirSync(path.join(root, 'b', 'pg_dump'));
      fs.writeFileSync(path.join(root, 'c', 'pg_dump'), '#!/bin/sh\n', { mode: 0o755 });
      const search = ['a', 'b', 'c'].map((dir) => path.join(root, dir)).join(path.delimiter);
      expect(findOnPath('pg_dump', search)).toBe(path.join(root, 'c', 'pg_dump'));
      expect(findOnPath('pg_restore', search)).toBeNull();
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
