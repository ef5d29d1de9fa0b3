#!/usr/bin/env node
/**
 * The `pindesk` command (package.json "bin"): loads TypeScript through tsx's loader, runs
 * lib/cli/main.ts, and exits with its code. process.exit rather than waiting for the event
 * loop: the Prisma wasm engine leaves long timers pending that would keep the process alive
 * for seconds after its work is done (../shared/STACK.md), and every stage of a pipeline
 * pays that.
 */
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../lib/cli/main.ts');
const { listenForStopSignals } = await import('../lib/cli/stop-signals.ts');
const stop = listenForStopSignals();
// A closed output (`| head`, a failing next stage) is main's to handle: the command stops before
// its next object and names the changes whose results may be unread. Exiting here, as this
// once did, ended the command silently right after it had set a PIN it could not print.
process.stdout.on('error', () => undefined);
let code;
try {
  code = await main(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env, stop });
} catch (error) {
  process.stderr.write(`pindesk: ${error instanceof Error ? error.message : String(error)}\n`);
  code = 1;
}
process.stdout.write('', () => process.exit(code));
