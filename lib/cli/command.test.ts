import { describe, expect, it } from 'vitest';
import { PinError } from '../pin/errors';
import { FilterParseError } from '../validation/filter-error';
import { RemoteError } from './clients/remote';
import { isStop, problemOf } from './command';
import { OutputClosedError } from './output';
import { CommandStoppedError } from './stop-signals';

describe('problemOf: one line per failure', () => {
  it('keeps the message of domain errors and server answers', () => {
    expect(problemOf(new PinError('PIN_NOT_DIGITS', 'The PIN may contain only the digits 0-9.'))).toBe('The PIN may contain only the digits 0-9.');
    expect(problemOf(new RemoteError('This API token was revoked.', 401, 'UNAUTHENTICATED'))).toBe('This API token was revoked.');
    expect(problemOf(new FilterParseError('LdapFilter', 'unknown attribute "x".', 'LdapFilter "x=1": unknown attribute "x".'))).toBe(
      'LdapFilter "x=1": unknown attribute "x".',
    );
  });

  it('cuts an unexpected error to its last line and hints at the database', () => {
    const error = new Error('Invalid `prisma.x()` invocation:\n\n  { select: { pinHash: "…" } }\n\nRaw query failed. Message: `no such table: directory_user`');
    expect(problemOf(error)).toBe(
      'unexpected Error: Raw query failed. Message: `no such table: directory_user` Check DATABASE_URL, and that the database is migrated (npm run db:migrate, or npm start once).',
    );
    expect(problemOf(new TypeError('boom'))).toBe('unexpected TypeError: boom');
  });
});

describe('isStop: the errors every per-object catch must pass on', () => {
  it("is true for a closed output and a stop signal, false for an object's own failure", () => {
    expect(isStop(new OutputClosedError(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' })))).toBe(true);
    expect(isStop(new CommandStoppedError('SIGINT'))).toBe(true);
    expect(isStop(new PinError('PIN_NOT_DIGITS', 'The PIN may contain only the digits 0-9.'))).toBe(false);
    expect(isStop(new RemoteError('This API token was revoked.', 401, 'UNAUTHENTICATED'))).toBe(false);
    expect(isStop(new Error('stopped by SIGINT'))).toBe(false);
  });
});
