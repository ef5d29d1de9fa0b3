/**
 * A statement that outlasts DATABASE_STATEMENT_TIMEOUT_MS on a live server is cancelled by the
 * server (SQLSTATE 57014: a bounded wait, answered 503) rather than by the driver's own read
 * timeout, which is only for a server that answers nothing at all (frozen) and so fires later.
 */
import { afterAll, expect, it } from 'vitest';
import { createDb } from '../../lib/db/client';
import { target } from './helpers';
import { sql } from '../../lib/db/sql';

const postgres = target.provider === 'postgresql';
const slow = postgres ? createDb(target, { connectTimeoutMs: 5_000, statementTimeoutMs: 300, poolSize: 1 }) : undefined;

afterAll(async () => {
  await slow?.db.$disconnect();
});

it.skipIf(!postgres)('a slow statement on a live server is cancelled by the server, not by the driver', async () => {
  const error = await slow!.executor.query(sql`SELECT pg_sleep(2)`).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toMatchObject({ code: '57014' });
  expect(await slow!.executor.query(sql`SELECT 1 AS one`)).toEqual([{ one: 1 }]);
});
