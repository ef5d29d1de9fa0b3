/**
 * Issue 19, item 1: when the reader of Set-CsClientPin's output goes away (`| head -1`, a
 * next stage that fails), the command stops before its next object, names on stderr every
 * user whose PIN it set but whose result line may not have been read, and exits 1. Real
 * processes through a real shell, on both engines; the database says who really changed.
 *
 * The CLI cannot see what a pipe's reader took, so it names every PIN it set (lib/cli/output.ts):
 * the user `head` showed is named too. What must never happen is a user changed and not named.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../lib/db/client';
import { createCliDatabase, sh, type Run } from './cli-helpers';

const USERS = 80;
let handle: DbHandle;
let env: Record<string, string>;

/** Every user's PIN hash, by SIP address. */
async function pinHashes(): Promise<Map<string, string | null>> {
  const users = await handle.db.directoryUser.findMany({ select: { sipAddress: true, pinState: { select: { pinHash: true } } } });
  return new Map(users.map((u) => [u.sipAddress, u.pinState?.pinHash ?? null]));
}

/** Runs the pipeline; returns the run and the users whose PIN it changed, by the database. */
async function runCounting(command: string): Promise<{ r: Run; changed: string[] }> {
  const before = await pinHashes();
  const r = await sh(command, env);
  const after = await pinHashes();
  const changed = [...after].filter(([sip, hash]) => hash !== before.get(sip)).map(([sip]) => sip);
  return { r, changed: changed.sort() };
}

const namedPattern =
  /^Set-CsClientPin: (sip:\S+): the PIN was set, but the output closed before this result could be known to have been read\. If you do not have the new PIN, set it again\.$/;
const named = (r: Run) => r.errors.flatMap((line) => line.match(namedPattern)?.[1] ?? []).sort();
const stoppedLine = /^Set-CsClientPin: stopped: the output closed \(EPIPE: the next command or reader stopped reading\); no object after that was processed\./;

/**
 * The CLI's own stderr lines: those that start with a cmdlet's name or "pindesk:". Node's
 * warnings ("(node:12345) Warning: …", with the process id in digits) are not the CLI's.
 */
const ownLines = (stderr: string) => stderr.split('\n').filter((line) => /^(?:[A-Z][A-Za-z]*-[A-Za-z]+\b|pindesk:)/.test(line));

/** No PIN in the CLI's own stderr lines: no run of four or more digits (identities here carry none). */
function expectNoPinIn(stderr: string, shownPins: string[]) {
  const own = ownLines(stderr);
  expect(own.length).toBeGreaterThan(0);
  for (const line of own) {
    for (const pin of shownPins) expect(line).not.toContain(pin);
    expect(line).not.toMatch(/\d{4,}/);
    expect(line).not.toMatch(/"Pin"/);
  }
}

/** A pipeline of several node processes on a shared, loaded machine: it once took over 60 s. */
const PIPELINE_TIMEOUT_MS = 180_000;

/**
 * Every node process of the pipelines prints a Node warning with digits in it first, as a
 * deprecation or experimental-feature warning would: the checks above must look past it.
 */
const NODE_WARNING = '--import=data:text/javascript,process.emitWarning(%22a%20stand-in%20Node%20warning%2C%20code%202026%22)';

beforeAll(async () => {
  const created = await createCliDatabase(USERS);
  handle = created.handle;
  env = { DATABASE_URL: created.url, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} ${NODE_WARNING}`.trim() };
}, 180_000);

afterAll(async () => {
  await handle?.db.$disconnect();
});

describe('Set-CsClientPin whose output closes', () => {
  it(
    '`| head -1`: stops, names every user whose PIN it set, exits 1, never prints a PIN on stderr',
    async () => {
      const { r, changed } = await runCounting('npx pindesk Get-CsUser | { npx pindesk Set-CsClientPin; echo "set-exit=$?" >&2; } | head -1');
      expect(r.errors).toContain('set-exit=1');
      expect(r.lines).toEqual([{ Identity: expect.stringMatching(/^sip:/), Pin: expect.stringMatching(/^\d{4,}$/), IsPinSet: true }]);
      const shown = r.lines[0] as { Identity: string; Pin: string };
      expect(changed).toContain(shown.Identity);
      // Nobody changed without being named, nobody named who was not changed.
      expect(named(r)).toEqual(changed);
      expect(r.errors.filter((line) => stoppedLine.test(line))).toHaveLength(1);
      // It stopped at the closed output rather than going on through the directory.
      expect(changed.length).toBeLessThan(USERS / 2);
      expectNoPinIn(r.stderr, [shown.Pin]);
    },
    PIPELINE_TIMEOUT_MS,
  );

  it(
    'into a next stage that fails (a malformed Where-Object): nothing shown, every PIN set is named',
    async () => {
      const where = "node bin/pindesk.mjs Where-Object '{$_.Pin -gt}'";
      const { r, changed } = await runCounting(
        `node bin/pindesk.mjs Get-CsUser | { node bin/pindesk.mjs Set-CsClientPin; echo "set-exit=$?" >&2; } | ${where}`,
      );
      expect(r.errors).toContain('set-exit=1');
      expect(r.errors).toContain("Where-Object '{$_.Pin -gt}': -gt needs a value on its right (a number, 'text', $True, $False or $Null).");
      expect(r.lines).toEqual([]);
      expect(changed.length).toBeGreaterThanOrEqual(1);
      expect(changed.length).toBeLessThan(USERS / 2);
      expect(named(r)).toEqual(changed);
      expect(r.errors.filter((line) => stoppedLine.test(line))).toHaveLength(1);
      expectNoPinIn(r.stderr, []);
    },
    PIPELINE_TIMEOUT_MS,
  );

  it(
    'a read-only command whose reader leaves (`Get-CsUser | head -1`) stops quietly with exit 0, as before',
    async () => {
      const r = await sh('node bin/pindesk.mjs Get-CsUser | { node bin/pindesk.mjs Get-CsClientPinInfo; echo "info-exit=$?" >&2; } | head -1', env);
      expect(r.errors).toContain('info-exit=0');
      expect(ownLines(r.stderr)).toEqual([]);
      expect(r.lines).toHaveLength(1);
    },
    PIPELINE_TIMEOUT_MS,
  );
});
