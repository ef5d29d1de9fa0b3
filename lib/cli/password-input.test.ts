import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { InputError } from '../validation/input-error';
import { readFirstLine, readNewPassword } from './password-input';
import { CommandStoppedError } from './stop-signals';

/** A terminal stand-in: raw-mode switches recorded, keys sent as the terminal sends them. */
function terminal(...chunks: string[]) {
  const stdin = Object.assign(new PassThrough(), { isTTY: true, raw: [] as boolean[], setRawMode: (raw: boolean) => void stdin.raw.push(raw) });
  const stderr = new PassThrough();
  let shown = '';
  stderr.on('data', (d) => (shown += d));
  setTimeout(() => chunks.forEach((c) => stdin.write(c)), 5);
  return { stdin, stderr, shown: () => shown };
}

describe('readNewPassword at a terminal', () => {
  it('asks twice with echo off; Backspace takes a character back; nothing typed is shown', async () => {
    const t = terminal('Correct-hors', 'x\u007fe\r', 'Correct-horse\r');
    expect(await readNewPassword(t.stdin, t.stderr)).toBe('Correct-horse');
    expect(t.shown()).toBe('Password: \nConfirm password: \n');
    expect(t.stdin.raw).toEqual([true, false, true, false]);
  });

  it('takes both lines from one pasted chunk', async () => {
    const t = terminal('Pasted-passw0rd\r\nPasted-passw0rd\r');
    expect(await readNewPassword(t.stdin, t.stderr)).toBe('Pasted-passw0rd');
  });

  it('refuses two different passwords', async () => {
    const t = terminal('first-password\r', 'second-password\r');
    await expect(readNewPassword(t.stdin, t.stderr)).rejects.toThrow(new InputError('the two passwords do not match; nothing was created.', 'password'));
  });

  it('Ctrl+C stops the command as SIGINT would, with the terminal back in cooked mode', async () => {
    const t = terminal('half\u0003');
    await expect(readNewPassword(t.stdin, t.stderr)).rejects.toBeInstanceOf(CommandStoppedError);
    expect(t.stdin.raw).toEqual([true, false]);
  });
});

describe('readFirstLine', () => {
  it('is the first line of piped input, without its line ending', async () => {
    expect(await readFirstLine(Readable.from([Buffer.from('Piped-pass'), Buffer.from('w0rd\r\nsecond\n')]))).toBe('Piped-passw0rd');
    expect(await readFirstLine(Readable.from([]))).toBe('');
  });

  it('refuses a line longer than 4,096 characters', async () => {
    await expect(readFirstLine(Readable.from(['x'.repeat(5000)]))).rejects.toBeInstanceOf(InputError);
  });
});
