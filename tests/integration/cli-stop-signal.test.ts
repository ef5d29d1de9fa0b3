/**
 * Ctrl-C (SIGINT) to a running Set-CsClientPin writing a table: it stops before the next
 * object and writes the table of every PIN it set, rather than dying with them unshown. A
 * real process, a real signal, on both engines; the database says who really changed.
 * The stop is never reported as a failure of the object it came after, also with -Identity.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
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
    const input = `${[1, 2, 3]
      .flatMap(() => [...before.keys()])
      .map((Identity) => JSON.stringify({ Identity }))
      .join('\n')}\n`;
    const child = spawn('node', ['bin/pindesk.mjs', 'Set-CsClientPin'], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: url, PINDESK_URL: '', PINDESK_TOKEN: '', PINDESK_OUTPUT: 'table' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on('exit', (code, signal) => resolve({ code, signal })),
    );
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
    const after = await pinHashes();
    const changed = [...after]
      .filter(([sip, hash]) => hash !== before.get(sip))
      .map(([sip]) => sip)
      .sort();
    // The table: a header, a rule, then "sip:… <PIN> True" rows.
    const rows = stdout
      .split('\n')
      .filter((line) => line.startsWith('sip:'))
      .map((line) => line.split(/\s+/));
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row).toEqual([expect.stringMatching(/^sip:/), expect.stringMatching(/^\d{4,}$/), 'True']);
    expect([...new Set(rows.map((r) => r[0]))].sort()).toEqual(changed);
    expect(rows.length).toBeLessThan(3 * before.size);
    // The stop is the command's only line: no object is reported failed ("unexpected CommandStoppedError").
    expect(stderr.split('\n').filter((line) => line.startsWith('Set-CsClientPin:'))).toEqual([stoppedLine('Set-CsClientPin')]);
    expect(stderr).not.toMatch(/unexpected/i);
    for (const row of rows) expect(stderr).not.toContain(row[1]);
  }, 180_000);
});

const stoppedLine = (command: string) => `${command}: stopped by SIGINT before the next object; its output holds the result of every object it processed.`;

/** True once no SIGINT is pending for the process: its handler has taken the signal. */
function sigintTaken(pid: number): boolean {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const pending = [...status.matchAll(/^(?:SigPnd|ShdPnd):\s*([0-9a-f]+)$/gm)].map((m) => BigInt(`0x${m[1]}`));
  return pending.every((mask) => (mask & 2n) === 0n);
}

/**
 * Runs one remote-mode command against a stand-in for the PinDesk server that, once the
 * command's request has arrived (so the command is mid-run, its signal handler in place),
 * sends the command SIGINT and answers only after the signal was taken. The CLI, the
 * signal and the HTTP exchange are real; a real PinDesk server would answer the same JSON.
 */
async function runStoppedDuringRequest(
  args: string[],
  answer: unknown,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string; requests: number }> {
  let child: ChildProcessWithoutNullStreams | null = null;
  let requests = 0;
  const server = http.createServer(async (req, res) => {
    requests++;
    for await (const chunk of req) void chunk;
    child!.kill('SIGINT');
    const deadline = Date.now() + 30_000;
    while (!sigintTaken(child!.pid!) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    child = spawn('node', ['bin/pindesk.mjs', ...args], {
      cwd: root,
      env: { ...process.env, PINDESK_URL: `http://127.0.0.1:${port}`, PINDESK_TOKEN: 'stand-in-token', PINDESK_OUTPUT: 'json' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.stdin.end();
    const { code, signal } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child!.on('exit', (c, s) => resolve({ code: c, signal: s })),
    );
    return { code, signal, stdout, stderr, requests };
  } finally {
    server.close();
  }
}

describe('a stop signal during a single -Identity command', () => {
  it('Set-CsClientPin -Identity: the PIN set is printed, then it stops: exit 130, the stopped line, no failure line', async () => {
    const r = await runStoppedDuringRequest(['Set-CsClientPin', '-Identity', 'sip:kenmyer@litwareinc.com'], {
      Identity: 'sip:kenmyer@litwareinc.com',
      Pin: '80417',
      IsPinSet: true,
    });
    expect(r.requests).toBe(1);
    expect({ code: r.code, signal: r.signal }).toEqual({ code: 130, signal: null });
    expect(r.stdout).toBe('{"Identity":"sip:kenmyer@litwareinc.com","Pin":"80417","IsPinSet":true}\n');
    expect(r.stderr.split('\n').filter((line) => line.startsWith('Set-CsClientPin:'))).toEqual([stoppedLine('Set-CsClientPin')]);
    expect(r.stderr).not.toMatch(/unexpected/i);
    expect(r.stderr).not.toContain('80417');
  }, 180_000);

  it('Get-CsPinPolicy: stops after the policy it wrote: exit 130 and the stopped line, not a swallowed failure', async () => {
    const policies = [
      { Identity: 'Global', MinPasswordLength: 5 },
      { Identity: 'site:Redmond', MinPasswordLength: 6 },
    ];
    const r = await runStoppedDuringRequest(['Get-CsPinPolicy'], policies);
    expect({ code: r.code, signal: r.signal }).toEqual({ code: 130, signal: null });
    expect(r.stdout).toBe('{"Identity":"Global","MinPasswordLength":5}\n');
    expect(r.stderr.split('\n').filter((line) => line.startsWith('Get-CsPinPolicy:'))).toEqual([stoppedLine('Get-CsPinPolicy')]);
  }, 180_000);
});
