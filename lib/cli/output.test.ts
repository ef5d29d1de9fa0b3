/**
 * The output's rule for a closed output (lib/cli/output.ts): the write that fails stops the
 * command, and every change not accepted by a regular file counts as possibly unread.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createOutput, OutputClosedError } from './output';

/** A stream that takes `accept` writes and then fails every write with `code`, as a pipe whose reader left does. */
function failingAfter(accept: number, code = 'EPIPE', fd?: number) {
  const taken: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      if (taken.length >= accept) return callback(Object.assign(new Error(`write ${code}`), { code }));
      taken.push(String(chunk));
      callback();
    },
  });
  return { stream: Object.assign(stream, { fd }), taken };
}

describe('createOutput when the output closes', () => {
  it('through a pipe: the failing write rejects, later writes never reach the stream, and every change is unread', async () => {
    const { stream, taken } = failingAfter(2);
    const output = createOutput(stream, 'json');
    await output.write({ Identity: 'sip:a@x' }, 'sip:a@x');
    await output.write({ Note: 'no change' });
    await expect(output.write({ Identity: 'sip:b@x' }, 'sip:b@x')).rejects.toBeInstanceOf(OutputClosedError);
    expect(output.closed()?.code).toBe('EPIPE');
    await expect(output.write({ Identity: 'sip:c@x' }, 'sip:c@x')).rejects.toBeInstanceOf(OutputClosedError);
    expect(taken).toEqual(['{"Identity":"sip:a@x"}\n', '{"Note":"no change"}\n']);
    // sip:a@x's line was accepted, but nothing shows that the reader took it.
    expect(output.unreadChanges()).toEqual(['sip:a@x', 'sip:b@x']);
  });

  it('into a regular file: lines the file accepted are kept there; only the change whose line failed is unread', async () => {
    const file = path.join(os.tmpdir(), `pindesk-output-${process.pid}.jsonl`);
    const fd = fs.openSync(file, 'w');
    try {
      const { stream } = failingAfter(1, 'ENOSPC', fd);
      const output = createOutput(stream, 'json');
      await output.write({ Identity: 'sip:a@x' }, 'sip:a@x');
      await expect(output.write({ Identity: 'sip:b@x' }, 'sip:b@x')).rejects.toThrow('the output closed (ENOSPC)');
      expect(output.unreadChanges()).toEqual(['sip:b@x']);
    } finally {
      fs.closeSync(fd);
      fs.rmSync(file, { force: true });
    }
  });

  it('a table held for the terminal that cannot be written: every change in it is unread', async () => {
    const { stream, taken } = failingAfter(0, 'EIO');
    const output = createOutput(stream, 'table');
    await output.write({ Identity: 'sip:a@x', Pin: '123456' }, 'sip:a@x');
    await output.write({ Identity: 'sip:b@x', Pin: '654321' }, 'sip:b@x');
    expect(output.closed()).toBeNull();
    await output.flush();
    expect(output.closed()?.code).toBe('EIO');
    expect(taken).toEqual([]);
    expect(output.unreadChanges()).toEqual(['sip:a@x', 'sip:b@x']);
  });

  it('an output that stays open reports no closure', async () => {
    const { stream, taken } = failingAfter(10);
    const output = createOutput(stream, 'json');
    await output.write({ Identity: 'sip:a@x' }, 'sip:a@x');
    await output.flush();
    expect(output.closed()).toBeNull();
    expect(taken).toHaveLength(1);
  });
});
