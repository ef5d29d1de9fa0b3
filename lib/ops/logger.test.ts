import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, logSettingsFromEnv } from './logger';
import { requestIdOf } from './request-log';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, stream };
}

describe('createLogger', () => {
  it('writes JSON lines and redacts fields that may hold secrets, at the top and one level down', () => {
    const { lines, stream } = capture();
    const log = createLogger({ level: 'info', pretty: false }, stream);
    log.info({ pin: '730914', password: 'hunter22', user: { token: 'pdt_abc', name: 'Ken' }, headers: { authorization: 'Bearer x', cookie: 'c=1' } }, 'hello');
    const record = JSON.parse(lines[0]) as Record<string, unknown>;
    expect(record).toMatchObject({
      msg: 'hello',
      level: 30,
      service: 'pindesk',
      pin: '[redacted]',
      password: '[redacted]',
      user: { token: '[redacted]', name: 'Ken' },
    });
    expect(record.headers).toEqual({ authorization: '[redacted]', cookie: '[redacted]' });
    expect(lines[0]).not.toMatch(/730914|hunter22|pdt_abc|Bearer x/);
  });

  it('drops lines below the level', () => {
    const { lines, stream } = capture();
    const log = createLogger({ level: 'warn', pretty: false }, stream);
    log.info('no');
    log.warn('yes');
    expect(lines.map((line) => JSON.parse(line).msg)).toEqual(['yes']);
  });
});

describe('logSettingsFromEnv', () => {
  it('takes LOG_LEVEL and LOG_FORMAT, and names a bad value', () => {
    expect(logSettingsFromEnv({})).toEqual({ level: 'info', pretty: false });
    expect(logSettingsFromEnv({ LOG_LEVEL: 'DEBUG', LOG_FORMAT: 'pretty' })).toEqual({ level: 'debug', pretty: true });
    expect(() => logSettingsFromEnv({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent/);
    expect(() => logSettingsFromEnv({ LOG_FORMAT: 'xml' })).toThrow(/LOG_FORMAT must be json or pretty/);
  });
});

describe('requestIdOf', () => {
  it('keeps an id that looks like one, and makes one otherwise', () => {
    expect(requestIdOf('abc-123.x:y')).toBe('abc-123.x:y');
    expect(requestIdOf(['first', 'second'])).toBe('first');
    for (const bad of [undefined, '', 'has space', 'x'.repeat(129), 'line\nbreak']) expect(requestIdOf(bad)).toMatch(/^[0-9a-f-]{36}$/);
  });
});
