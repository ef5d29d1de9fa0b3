import { describe, expect, it } from 'vitest';
import { databaseLimits, maintenanceDatabaseLimits } from './database-limits';

describe('databaseLimits', () => {
  it('bounds connecting at 5 s and statements at 3 s by default, 10 connections', () => {
    expect(databaseLimits({})).toEqual({ connectTimeoutMs: 5_000, statementTimeoutMs: 3_000, poolSize: 10 });
    expect(databaseLimits({ DATABASE_CONNECT_TIMEOUT_MS: '', DATABASE_STATEMENT_TIMEOUT_MS: ' ' })).toMatchObject({
      connectTimeoutMs: 5_000,
      statementTimeoutMs: 3_000,
    });
  });

  it('takes whole numbers of milliseconds in range', () => {
    expect(databaseLimits({ DATABASE_CONNECT_TIMEOUT_MS: '500', DATABASE_STATEMENT_TIMEOUT_MS: '600000', DATABASE_POOL_SIZE: '1' })).toEqual({
      connectTimeoutMs: 500,
      statementTimeoutMs: 600_000,
      poolSize: 1,
    });
  });

  it.each([
    ['DATABASE_CONNECT_TIMEOUT_MS', '0', /DATABASE_CONNECT_TIMEOUT_MS must be a whole number from 100 to 60000 \(got "0"\)/],
    ['DATABASE_CONNECT_TIMEOUT_MS', '2s', /from 100 to 60000 \(got "2s"\)/],
    ['DATABASE_STATEMENT_TIMEOUT_MS', '-1', /DATABASE_STATEMENT_TIMEOUT_MS must be a whole number from 100 to 600000/],
    ['DATABASE_STATEMENT_TIMEOUT_MS', '1e4', /got "1e4"/],
    ['DATABASE_STATEMENT_TIMEOUT_MS', '600001', /from 100 to 600000/],
    ['DATABASE_POOL_SIZE', '0', /DATABASE_POOL_SIZE must be a whole number from 1 to 1000/],
    ['DATABASE_POOL_SIZE', 'ten', /got "ten"/],
  ])('refuses %s=%j, saying what is allowed', (name, value, message) => {
    expect(() => databaseLimits({ [name]: value })).toThrow(message);
  });

  it('leaves statements unbounded for migrations and seeding, connecting still bounded', () => {
    expect(maintenanceDatabaseLimits({ DATABASE_CONNECT_TIMEOUT_MS: '700' })).toMatchObject({ connectTimeoutMs: 700, statementTimeoutMs: null });
  });
});
