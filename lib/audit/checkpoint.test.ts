import { describe, expect, it, vi } from 'vitest';
import { checkCheckpoints, formatCheckpoint, readCheckpointLine } from './checkpoint';
import { startCheckpointTimer } from './checkpoint-timer';

const key = Buffer.alloc(32, 'unit-chain-key');
const otherKey = Buffer.alloc(32, 'someone-elses-key');
const cp = { lastId: 42, hash: `hmac-sha256:${'ab'.repeat(32)}`, at: '2026-12-04T12:00:00.000Z' };

async function* lines(...text: string[]) {
  yield* text;
}

describe('checkpoint lines', () => {
  it('round-trip: one JSON line, found behind a log prefix, signature checked', () => {
    const line = formatCheckpoint(key, cp);
    expect(line).not.toContain('\n');
    expect(JSON.parse(line)).toMatchObject({ event: 'pindesk.audit_checkpoint', v: 1, ...cp });
    expect(readCheckpointLine(key, line)).toEqual({ kind: 'checkpoint', checkpoint: cp });
    expect(readCheckpointLine(key, `Dec 04 12:00:00 host pindesk[123]: ${line}`)).toEqual({ kind: 'checkpoint', checkpoint: cp });
    expect(readCheckpointLine(key, 'PinDesk is listening on http://localhost:3000')).toEqual({ kind: 'none' });
  });

  it('rejects a forged or altered checkpoint, and one signed with another key', () => {
    const line = formatCheckpoint(key, cp);
    const altered = line.replace('"lastId":42', '"lastId":41');
    expect(readCheckpointLine(key, altered)).toMatchObject({ kind: 'invalid', reason: expect.stringMatching(/signature does not match/) });
    expect(readCheckpointLine(key, formatCheckpoint(otherKey, cp))).toMatchObject({ kind: 'invalid', reason: expect.stringMatching(/signature/) });
  });

  it('rejects malformed ones with the reason', () => {
    const mark = '{"event":"pindesk.audit_checkpoint"';
    expect(readCheckpointLine(key, `${mark},"v":1`)).toMatchObject({ kind: 'invalid', reason: 'it is not one JSON object' });
    expect(readCheckpointLine(key, `${mark},"v":1,"lastId":-1,"hash":"x","at":"2026-01-01T00:00:00Z","sig":"${'0'.repeat(64)}"}`)).toMatchObject({
      kind: 'invalid',
      reason: expect.stringMatching(/lastId/),
    });
    expect(readCheckpointLine(key, `${mark},"v":1,"lastId":1,"hash":"x","at":"never","sig":"${'0'.repeat(64)}"}`)).toMatchObject({
      kind: 'invalid',
      reason: expect.stringMatching(/"at"/),
    });
    expect(readCheckpointLine(key, `${mark},"v":1,"lastId":1,"hash":"x","at":"2026-01-01T00:00:00Z","sig":"zz"}`)).toMatchObject({
      kind: 'invalid',
      reason: expect.stringMatching(/"sig"/),
    });
    expect(readCheckpointLine(key, `${mark}${' '.repeat(5000)}`)).toMatchObject({ kind: 'invalid', reason: expect.stringMatching(/longer than/) });
  });
});

describe('checkCheckpoints', () => {
  const stored = new Map([[42, cp.hash]]);
  const lookup = async (id: number) => stored.get(id) ?? null;

  it('passes when every checkpoint names an event with the same hash', async () => {
    expect(
      await checkCheckpoints(key, lines('noise', formatCheckpoint(key, cp), formatCheckpoint(key, { lastId: 0, hash: '0'.repeat(64), at: cp.at })), lookup),
    ).toEqual({ checkpoints: 2, problems: [] });
  });

  it('reports a missing event (a cut-back tail), a different hash, and a forged line, with line numbers', async () => {
    const report = await checkCheckpoints(
      key,
      lines(
        formatCheckpoint(key, { ...cp, lastId: 43 }),
        formatCheckpoint(key, { ...cp, hash: `hmac-sha256:${'cd'.repeat(32)}` }),
        formatCheckpoint(otherKey, cp),
      ),
      lookup,
    );
    expect(report.checkpoints).toBe(2);
    expect(report.problems).toEqual([
      expect.stringMatching(/^line 1: .*event #43, which is missing/),
      expect.stringMatching(/^line 2: .*event #42, whose hash differs/),
      expect.stringMatching(/^line 3: a checkpoint that is not valid: its signature does not match/),
    ]);
  });
});

describe('startCheckpointTimer', () => {
  it('writes at start, each interval only if the head moved, and always at stop', async () => {
    vi.useFakeTimers();
    try {
      let head = { lastId: 1, lastHash: 'h1' };
      const written: number[] = [];
      const timer = startCheckpointTimer({ intervalMs: 60_000, readHead: async () => head, write: (h) => written.push(h.lastId), onError: () => {} });
      await vi.advanceTimersByTimeAsync(0);
      expect(written).toEqual([1]);
      await vi.advanceTimersByTimeAsync(60_000);
      expect(written).toEqual([1]);
      head = { lastId: 5, lastHash: 'h5' };
      await vi.advanceTimersByTimeAsync(60_000);
      expect(written).toEqual([1, 5]);
      await timer.stop();
      expect(written).toEqual([1, 5, 5]);
      await vi.advanceTimersByTimeAsync(600_000);
      expect(written).toEqual([1, 5, 5]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('reports a failed read and tries again at the next interval', async () => {
    vi.useFakeTimers();
    try {
      let fail = true;
      const errors: unknown[] = [];
      const written: number[] = [];
      const timer = startCheckpointTimer({
        intervalMs: 1_000,
        readHead: async () => {
          if (fail) throw new Error('database away');
          return { lastId: 7, lastHash: 'h7' };
        },
        write: (h) => written.push(h.lastId),
        onError: (e) => errors.push(e),
      });
      await vi.advanceTimersByTimeAsync(0);
      expect(errors).toHaveLength(1);
      fail = false;
      await vi.advanceTimersByTimeAsync(1_000);
      expect(written).toEqual([7]);
      await timer.stop();
    } finally {
      vi.useRealTimers();
    }
  });
});
