import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient as PostgresClient } from './generated/postgresql/index.js';
import { DATABASE_UNAVAILABLE_DIGEST } from '../http/database-unavailable';
import { pgExecutor, sqliteExecutor } from './executor';
import { sql } from './sql';
import { isDatabaseUnavailable, markFromDatabase, markIfDatabaseUnavailable } from './unavailable';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

/** A port nothing listens on: bound, then closed. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Accepts connections and never says a word, as a PostgreSQL stopped with SIGSTOP does. */
async function silentServer(): Promise<{ port: number; close(): void }> {
  const sockets: net.Socket[] = [];
  const server = net.createServer((socket) => sockets.push(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () => {
      sockets.forEach((s) => s.destroy());
      server.close();
    },
  };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pindesk-unavailable-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('isDatabaseUnavailable: errors real drivers throw', () => {
  it("pg: connection refused, on lib/db's executor", async () => {
    const pool = new pg.Pool({ host: '127.0.0.1', port: await closedPort(), user: 'x', database: 'x' });
    try {
      const error = await rejection(pgExecutor(pool).query(sql`SELECT 1`));
      expect(error).toMatchObject({ code: 'ECONNREFUSED', digest: DATABASE_UNAVAILABLE_DIGEST });
      expect(isDatabaseUnavailable(error)).toBe(true);
    } finally {
      await pool.end().catch(() => undefined);
    }
  });

  it("better-sqlite3: SQLITE_BUSY on lib/db's executor, with the error page's digest; a wrong query without it", async () => {
    const file = path.join(tmp, 'busy-executor.db');
    const holder = new Database(file);
    holder.exec('CREATE TABLE t (x INTEGER)');
    holder.exec('BEGIN EXCLUSIVE');
    const waiter = new Database(file, { timeout: 50 });
    const executor = sqliteExecutor(async () => ({ exclusive: (fn) => fn(waiter) }));
    try {
      const busy = await rejection(executor.execute(sql`INSERT INTO t VALUES (${1})`));
      expect(busy).toMatchObject({ code: 'SQLITE_BUSY', digest: DATABASE_UNAVAILABLE_DIGEST });
      const busyInTransaction = await rejection(executor.transaction((tx) => tx.execute(sql`INSERT INTO t VALUES (${1})`)));
      expect(busyInTransaction).toMatchObject({ code: expect.stringMatching(/^SQLITE_BUSY/), digest: DATABASE_UNAVAILABLE_DIGEST });
      holder.exec('ROLLBACK');
      const wrong = await rejection(executor.query(sql`SELECT * FROM missing`));
      expect(isDatabaseUnavailable(wrong)).toBe(false);
      expect((wrong as { digest?: string }).digest).toBeUndefined();
    } finally {
      waiter.close();
      if (holder.inTransaction) holder.exec('ROLLBACK');
      holder.close();
    }
  });

  it('but not a socket error from elsewhere: a browser aborting its request body (ECONNRESET)', async () => {
    let requestError!: (error: unknown) => void;
    const seen = new Promise<unknown>((resolve) => (requestError = resolve));
    let requestArrived!: () => void;
    const arrived = new Promise<void>((resolve) => (requestArrived = resolve));
    const server = http.createServer((request) => {
      request.on('error', requestError).resume();
      requestArrived();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const socket = net.connect((server.address() as net.AddressInfo).port, '127.0.0.1');
      socket.on('error', () => undefined);
      socket.write('POST /api/v1/pin-logon HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{"pin":');
      // Aborted only once the server is reading the body, as a browser's dropped upload is.
      await arrived;
      socket.destroy();
      const error = await seen;
      expect(error).toMatchObject({ code: 'ECONNRESET' });
      expect(isDatabaseUnavailable(error)).toBe(false);
    } finally {
      server.close();
    }
  });

  it('but not a connection another service refused (pg itself, without lib/db around it: the same socket error)', async () => {
    const client = new pg.Client({ host: '127.0.0.1', port: await closedPort(), user: 'x', database: 'x' });
    const error = await rejection(client.connect());
    expect(error).toMatchObject({ code: 'ECONNREFUSED' });
    expect(isDatabaseUnavailable(error)).toBe(false);
    expect(isDatabaseUnavailable(new TypeError('fetch failed', { cause: error }))).toBe(false);
  });

  it('but not a file that is no database (SQLITE_NOTADB): a 500 someone must look at', () => {
    const file = path.join(tmp, 'not-a-database.db');
    fs.writeFileSync(file, 'this is not an SQLite database file, and a retry will not make it one'.repeat(20));
    let error: unknown;
    try {
      const db = new Database(file);
      try {
        db.prepare('SELECT 1 FROM sqlite_master').get();
      } finally {
        db.close();
      }
    } catch (e) {
      error = e;
    }
    expect((error as { code?: string }).code).toBe('SQLITE_NOTADB');
    expect(isDatabaseUnavailable(error)).toBe(false);
  });

  it('pg-pool: no answer within the connect timeout (a frozen server)', async () => {
    const silent = await silentServer();
    const pool = new pg.Pool({ host: '127.0.0.1', port: silent.port, user: 'x', database: 'x', connectionTimeoutMillis: 200 });
    try {
      expect(isDatabaseUnavailable(await rejection(pool.query('SELECT 1')))).toBe(true);
    } finally {
      await pool.end().catch(() => undefined);
      silent.close();
    }
  });

  it("Prisma on the pg adapter: can't reach the server (P1001), model query and raw query", async () => {
    const db = new PostgresClient({ adapter: new PrismaPg({ host: '127.0.0.1', port: await closedPort(), user: 'x', database: 'x' }) });
    try {
      expect(isDatabaseUnavailable(await rejection(db.directoryUser.count()))).toBe(true);
      expect(isDatabaseUnavailable(await rejection(db.$queryRawUnsafe('SELECT 1')))).toBe(true);
    } finally {
      await db.$disconnect().catch(() => undefined);
    }
  });

  it('better-sqlite3: SQLITE_BUSY once the busy timeout has passed', () => {
    const file = path.join(tmp, 'busy.db');
    const holder = new Database(file);
    holder.exec('CREATE TABLE t (x INTEGER)');
    holder.exec('BEGIN EXCLUSIVE');
    const waiter = new Database(file, { timeout: 50 });
    try {
      let error: unknown;
      try {
        waiter.exec('INSERT INTO t VALUES (1)');
      } catch (e) {
        error = e;
      }
      expect((error as { code?: string }).code).toBe('SQLITE_BUSY');
      expect(isDatabaseUnavailable(error)).toBe(true);
    } finally {
      waiter.close();
      holder.exec('ROLLBACK');
      holder.close();
    }
  });

  it('but not a constraint the data broke, or a query that is wrong', () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE t (x INTEGER PRIMARY KEY)');
    db.exec('INSERT INTO t VALUES (1)');
    const errors: unknown[] = [];
    for (const sql of ['INSERT INTO t VALUES (1)', 'SELECT * FROM missing']) {
      try {
        db.exec(sql);
      } catch (e) {
        errors.push(e);
      }
    }
    db.close();
    expect(errors).toHaveLength(2);
    for (const error of errors) expect(isDatabaseUnavailable(error)).toBe(false);
  });
});

describe('isDatabaseUnavailable: the shapes each layer gives', () => {
  it.each<[string, unknown]>([
    ['Prisma P1001', withCode('P1001')],
    ['Prisma P1002', withCode('P1002')],
    ['Prisma P1008 (SQLITE_BUSY through the adapter)', withCode('P1008')],
    ['Prisma P1017', withCode('P1017')],
    ['Prisma P2024', withCode('P2024')],
    [
      'Prisma P2010 wrapping 57P01',
      Object.assign(withCode('P2010'), {
        meta: { driverAdapterError: { name: 'DriverAdapterError', cause: { kind: 'postgres', code: '57P01', originalCode: '57P01' } } },
      }),
    ],
    ['adapter kind DatabaseNotReachable', { name: 'DriverAdapterError', cause: { kind: 'DatabaseNotReachable' } }],
    ['pg 57P01 admin_shutdown', withCode('57P01')],
    ['pg 57P03 cannot_connect_now', withCode('57P03')],
    ['pg 57014 statement_timeout', withCode('57014')],
    ['pg 08006 connection_failure', withCode('08006')],
    ['pg 53300 too_many_connections', withCode('53300')],
    ['socket ECONNRESET marked by lib/db', markFromDatabase(withCode('ECONNRESET'))],
    ['adapter error wrapping a socket EPIPE', { name: 'DriverAdapterError', cause: withCode('EPIPE') }],
    ['pg read timeout', new Error('Query read timeout')],
    ['pg connection terminated', new Error('Connection terminated unexpectedly')],
    ['Prisma transaction not started in time', new Error('Unable to start a transaction in the given time.')],
    ['SQLITE_IOERR_SHORT_READ', withCode('SQLITE_IOERR_SHORT_READ')],
    ['Auth.js CallbackRouteError wrapping P1001', Object.assign(new Error('callback'), { cause: { err: withCode('P1001') } })],
    ['an Error caused by an ECONNREFUSED lib/db marked', new Error('outer', { cause: markFromDatabase(withCode('ECONNREFUSED')) })],
  ])('%s: unavailable', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each<[string, unknown]>([
    ['Prisma P2002 unique violation', withCode('P2002')],
    ['Prisma P2025 record not found', withCode('P2025')],
    ['Prisma P2010 wrapping 23505', Object.assign(withCode('P2010'), { meta: { driverAdapterError: { cause: { kind: 'postgres', code: '23505' } } } })],
    ['pg 42P01 undefined table', withCode('42P01')],
    ['pg 22001 value too long', withCode('22001')],
    ['SQLITE_CONSTRAINT_UNIQUE', withCode('SQLITE_CONSTRAINT_UNIQUE')],
    ['a domain error', Object.assign(new Error('This PIN is locked.'), { code: 'PIN_LOCKED' })],
    ['a TypeError', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['a bare socket ECONNRESET (no database error around it)', withCode('ECONNRESET')],
    ['an Error caused by a bare EPIPE', new Error('outer', { cause: withCode('EPIPE') })],
    ['SQLITE_CANTOPEN (a wrong path)', withCode('SQLITE_CANTOPEN')],
    ['SQLITE_NOTADB (not a database file)', withCode('SQLITE_NOTADB')],
    ['a string', 'ECONNREFUSED'],
    ['null', null],
    [
      'a cycle of causes',
      (() => {
        const e = new Error('a') as Error & { cause?: unknown };
        e.cause = e;
        return e;
      })(),
    ],
  ])('%s: not unavailable', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});

describe('markIfDatabaseUnavailable', () => {
  it("stamps the error page's digest on unavailable errors only, keeping the error itself", () => {
    const down = withCode('P1001');
    expect(markIfDatabaseUnavailable(down)).toBe(down);
    expect((down as Error & { digest?: string }).digest).toBe(DATABASE_UNAVAILABLE_DIGEST);
    const other = withCode('P2002');
    markIfDatabaseUnavailable(other);
    expect((other as Error & { digest?: string }).digest).toBeUndefined();
  });
});
