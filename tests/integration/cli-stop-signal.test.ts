/**
 * Ctrl-C (SIGINT) to a running Set-CsClientPin writing a table: it stops before the next
 * object and writes the table of every PIN it set, rather than dying with them unshown. A
 * real process, a real signal, on both engines; the database says who really changed.
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../lib/db/client';
import { createCliDatabase, root } from './cli-helpers';

let handle: DbHandle;
let url: string;

async function pinHashes(): Promise<Map<string, string | null>> {
  const users = await handle.db.directoryUser.findMany({ select: { sipAddress: true, pinState: { select: { pinHash: true } } } });
  return new Map(users.map((u) => [u.sipAddress, u.pinState?.pinHash ?? null]));
}

beforeAll(async () => {
  const created = await createCliDatabase(80);
  handle = created.handle;
  url = created.url;
}, 180_000);

afterAll(async () => {
  await handle?.db.$disconnect();
});

describe('a stop signal to Set-CsClientPin', () => {
  it('SIGINT: the PINs set so far are all in the table it writes, it exits 130, and it went no further', async () => {
    const before = await pinHashes();
    // Every user three times: far more work than the time the signal takes to arrive.
    const input = `${[1, 2, 3].flatMap(() => [...before.keys()]).map((Identity) => JSON.stringify({ Identity })).join('\n')}\n`;
    const child = spawn('node', ['bin/pindesk.mjs', 'Set-CsClientPin'], { cwd: root, env: { ...process.env, DATABASE_URL: url, PINDESK_URL: '', PINDESK_TOKEN: '', PINDESK_OUTPUT: 'table' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    child.stdin.on('error', () => undefined);
    child.stdin.end(input);
    // Signal once the first PIN is in the database: the command is mid-run.
    const deadline = Date.now() + 60_000;
    for (;;) {
      const now = await pinHashes();
      if ([...now].some(([sip, hash]) => hash !== before.get(sip))) break;
      if (Date.now() > deadline) throw new Error('Set-CsClientPin set no PIN within 60 s');
      await new Promise((r) => setTimeout(r, 25));
    }
    child.kill('SIGINT');
    expect(await exited).toEqual({ code: 130, signal: null });
    await new Promise((r) => setTimeout(r, 50));
    const after = await pinHashes();
    const changed = [...after].filter(([sip, hash]) => hash !== before.get(sip)).map(([sip]) => sip).sort();
    // The table: a header, a rule, then "sip:… <PIN> True" rows.
    const rows = stdout.split('\n').filter((line) => line.startsWith('sip:')).map((line) => line.split(/\s+/));
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row).toEqual([expect.stringMatching(/^sip:/), expect.stringMatching(/^\d{4,}$/), 'True']);
    expect([...new Set(rows.map((r) => r[0]))].sort()).toEqual(changed);
    expect(rows.length).toBeLessThan(3 * before.size);
    expect(stderr).toMatch(/^Set-CsClientPin: stopped by SIGINT before the next object; its output holds the result of every object it processed\.$/m);
    for (const row of rows) expect(stderr).not.toContain(row[1]);
  });
});
