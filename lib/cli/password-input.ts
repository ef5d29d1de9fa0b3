/**
 * A new password for New-PinDeskLocalAccount, never from an argument (it would sit in the shell
 * history and in every process listing). From a terminal: typed twice with echo off ("Password:",
 * "Confirm password:"), read in raw mode so no character reaches the screen; Enter ends a line,
 * Backspace takes one back, Ctrl+C stops the command as the signal would. Piped: the first line
 * of standard input (`printf '%s\n' "$PW" | pindesk New-PinDeskLocalAccount …`).
 */
import { InputError } from '../validation/input-error';
import { CommandStoppedError } from './stop-signals';

/** Longer is refused while reading (the account's own bound, 1,024, is lib/roles'). */
export const MAX_PASSWORD_INPUT = 4096;

export type PasswordSource = NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };

const tooLong = () => new InputError(`the password is longer than ${MAX_PASSWORD_INPUT.toLocaleString('en-US')} characters; nothing was created.`, 'password');

/** One line typed at the terminal with echo off. */
export function readHiddenLine(stdin: PasswordSource, stderr: NodeJS.WritableStream, prompt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    /** `rest`: what came after the line in the same chunk (a pasted "pw⏎pw⏎"), left for the next read. */
    const finish = (error: Error | null, rest = '') => {
      stdin.off('data', onData);
      stdin.off('end', onEnd);
      stdin.setRawMode?.(false);
      stdin.pause();
      if (rest !== '') stdin.unshift(Buffer.from(rest));
      stderr.write('\n');
      if (error) reject(error);
      else resolve(text);
    };
    const onEnd = () => finish(null);
    const onData = (chunk: Buffer | string) => {
      const chars = Array.from(chunk.toString());
      for (let i = 0; i < chars.length; i++) {
        const c = chars[i];
        if (c === '\r' || c === '\n' || c === '\u0004') return finish(null, chars.slice(c === '\r' && chars[i + 1] === '\n' ? i + 2 : i + 1).join(''));
        if (c === '\u0003') return finish(new CommandStoppedError('SIGINT'));
        if (c === '\u007f' || c === '\b') text = Array.from(text).slice(0, -1).join('');
        // Other control characters (arrow keys' escape sequences, Tab) are not part of a password.
        else if (c >= ' ') text += c;
        if (text.length > MAX_PASSWORD_INPUT) return finish(tooLong());
      }
    };
    stderr.write(prompt);
    stdin.setRawMode?.(true);
    stdin.on('data', onData);
    stdin.on('end', onEnd);
    stdin.resume();
  });
}

/** The first line of piped input, without its line ending. */
export async function readFirstLine(stdin: AsyncIterable<Buffer | string>): Promise<string> {
  let text = '';
  for await (const chunk of stdin) {
    text += chunk.toString();
    const newline = text.indexOf('\n');
    if (newline >= 0) {
      text = text.slice(0, newline);
      break;
    }
    if (text.length > MAX_PASSWORD_INPUT) throw tooLong();
  }
  if (text.length > MAX_PASSWORD_INPUT) throw tooLong();
  return text.replace(/\r$/, '');
}

/** The new password: typed twice at a terminal (they must match), else the first line of stdin. */
export async function readNewPassword(stdin: PasswordSource, stderr: NodeJS.WritableStream): Promise<string> {
  if (stdin.isTTY && stdin.setRawMode) {
    const password = await readHiddenLine(stdin, stderr, 'Password: ');
    const again = await readHiddenLine(stdin, stderr, 'Confirm password: ');
    if (password !== again) throw new InputError('the two passwords do not match; nothing was created.', 'password');
    return password;
  }
  return readFirstLine(stdin as AsyncIterable<Buffer | string>);
}
