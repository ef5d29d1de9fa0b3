/**
 * -Confirm: asks per object, as PowerShell does ([Y] Yes [A] Yes to All [N] No [L] No to
 * All). stdin is usually the object pipe, so answers are read from the terminal (/dev/tty),
 * or from the file PINDESK_TTY names (tests, and scripted answers). Reads are synchronous
 * and byte-wise so no answer is read ahead of its question.
 */
import fs from 'node:fs';

export type Confirmer = (question: string) => boolean;

export class ConfirmUnavailableError extends Error {}

export function createConfirmer(prompt: (text: string) => void, ttyPath = process.env.PINDESK_TTY || '/dev/tty'): Confirmer {
  let fd: number | null = null;
  let all: boolean | null = null;
  const readLine = (): string | null => {
    if (fd === null) {
      try {
        fd = fs.openSync(ttyPath, 'r');
      } catch {
        throw new ConfirmUnavailableError(`-Confirm needs a terminal to ask on (${ttyPath} cannot be opened); run it from a terminal, or drop -Confirm.`);
      }
    }
    const byte = Buffer.alloc(1);
    let text = '';
    for (;;) {
      const n = fs.readSync(fd, byte, 0, 1, null);
      if (n === 0) return text === '' ? null : text;
      const c = byte.toString('latin1');
      if (c === '\n') return text;
      if (c !== '\r') text += c;
    }
  };
  return (question) => {
    if (all !== null) return all;
    for (;;) {
      prompt(`\nConfirm\nAre you sure you want to perform this action?\n${question}\n[Y] Yes  [A] Yes to All  [N] No  [L] No to All  (default is "Y"): `);
      const answer = readLine();
      // End of input answers No: never change something nobody agreed to.
      if (answer === null) return false;
      const a = answer.trim().toLowerCase();
      if (a === '' || a === 'y' || a === 'yes') return true;
      if (a === 'n' || a === 'no') return false;
      if (a === 'a') return (all = true);
      if (a === 'l') return (all = false);
    }
  };
}
