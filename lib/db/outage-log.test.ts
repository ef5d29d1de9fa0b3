import { describe, expect, it } from 'vitest';
import { logDatabaseUnavailable, withoutRepeats } from './outage-log';

describe('logDatabaseUnavailable', () => {
  it('logs once per source per minute, with the error class and code but not its message', () => {
    const lines: string[] = [];
    const log = (line: string) => lines.push(line);
    const error = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5999 pin 97153'), { code: 'ECONNREFUSED' });
    const t0 = 1_000_000;
    logDatabaseUnavailable('test-a', error, t0, log);
    logDatabaseUnavailable('test-a', error, t0 + 59_000, log);
    logDatabaseUnavailable('test-b', error, t0 + 1_000, log);
    expect(lines).toHaveLength(2);
    logDatabaseUnavailable('test-a', error, t0 + 60_000, log);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe('[test-a] the database is unavailable (Error ECONNREFUSED); further such failures here are not logged for 60 s.');
    expect(lines.join('\n')).not.toContain('97153');
  });
});

describe('withoutRepeats', () => {
  it('drops a line repeated within a minute, and writes it again after that; other lines pass', () => {
    const lines: string[] = [];
    let t = 0;
    const log = withoutRepeats(
      (line) => lines.push(line),
      () => t,
    );
    for (; t < 59_000; t += 1_000) log('runner error: P1001');
    log('commit failed');
    expect(lines).toEqual(['runner error: P1001', 'commit failed']);
    t = 60_000;
    log('runner error: P1001');
    expect(lines).toEqual(['runner error: P1001', 'commit failed', 'runner error: P1001']);
  });
});
