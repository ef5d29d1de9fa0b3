/**
 * `pindesk <Command> [parameters]`: runs one cmdlet-style command (bin/pindesk.mjs starts
 * this). Exit codes: 0 every object succeeded; 1 at least one object failed (each failure
 * is one stderr line), or the output closed after the command changed something (each
 * change whose result may not have been read is one stderr line); 2 the command could not
 * run at all (unknown command or parameter, a parameter value out of range or too long,
 * malformed Where-Object block, -Filter or -LdapFilter, a required parameter missing,
 * PINDESK_URL without PINDESK_TOKEN).
 */
import { bindParameters, ParameterError } from './args';
import { problemOf, type CliClient, type Command, type CommandContext } from './command';
import { InputError } from '../validation/input-error';
import { FilterParseError } from '../validation/filter-error';
import { commands, findCommand } from './commands';
import { ConfirmUnavailableError, createConfirmer } from './confirm';
import { createOutput, OutputClosedError } from './output';
import { readNewPassword, type PasswordSource } from './password-input';
import { readInputLines } from './pipeline-input';
import { CommandStoppedError, exitCodeOf, untilStopped, type StopRequests } from './stop-signals';

export const EXIT_OK = 0;
export const EXIT_OBJECT_FAILED = 1;
export const EXIT_USAGE = 2;

/** One line, with any other control character (a NUL in a piped identity, a C1 CSI) shown as \uXXXX rather than sent to the terminal. */
function oneLine(text: string): string {
  return text
    .replace(/\s*\n\s*/g, ' ')
    .trim()
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function usage(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'pindesk — the PinDesk PIN cmdlets, for scripts and pipelines',
    '',
    'Usage: pindesk <Command> [-Parameter value] …     pindesk help <Command>',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.description}`),
    '',
    'Mode: with PINDESK_URL and PINDESK_TOKEN set, commands call that PinDesk server (a token from its',
    '"API tokens" page); otherwise they work on the database DATABASE_URL names (default data/pindesk.db).',
    'Piped: a command reads JSON lines on stdin (binding Identity, SipAddress or UserPrincipalName) and',
    'writes JSON lines to a pipe, a table to a terminal. Exit code: 0 ok, 1 some object failed (or the output',
    'closed after a change: the users changed are named on stderr), 2 usage.',
    '',
    'Example: pindesk Get-CsUser -OU "OU=Finance,DC=litwareinc,DC=com" | pindesk Set-CsClientPin',
    '',
  ].join('\n');
}

export function commandHelp(name: string): string | null {
  const command = findCommand(name);
  if (!command) return null;
  const lines = [command.synopsis, '', `  ${command.description}`, ''];
  for (const p of command.parameters)
    lines.push(
      `  -${p.name}${p.type === 'switch' ? '' : ` <${p.type}>`}${p.position !== undefined ? ` (position ${p.position})` : ''}${p.help ? `: ${p.help}` : ''}`,
    );
  return `${lines.join('\n')}\n`;
}

/**
 * The output closed while the command ran (it stopped there, before its next object). A
 * reader that left (EPIPE) after a read-only command is `| head` doing its job: quiet, and
 * no failure. After a command that changes things, every change whose result line may not
 * have been read is named (identity only: a generated PIN is never written to stderr), and
 * that is a failure; so is any other write error. True when it is a failure.
 */
function reportClosedOutput(command: Command, closed: NodeJS.ErrnoException, unread: string[], stderr: NodeJS.WritableStream): boolean {
  if (closed.code === 'EPIPE' && command.unreadChange === undefined) return false;
  for (const identity of unread) stderr.write(`${command.name}: ${oneLine(identity)}: ${command.unreadChange}\n`);
  const why =
    closed.code === 'EPIPE'
      ? 'the output closed (EPIPE: the next command or reader stopped reading)'
      : `writing the output failed (${closed.code ?? oneLine(closed.message)})`;
  const named = unread.length === 0 ? '' : ` The ${unread.length === 1 ? 'change' : `${unread.length} changes`} named above may not have been seen by anyone.`;
  stderr.write(`${command.name}: stopped: ${why}; no object after that was processed.${named}\n`);
  return true;
}

type Io = {
  stdin: PasswordSource;
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  /** Stop requests (signals), from bin/pindesk.mjs; none in tests that call main directly. */
  stop?: StopRequests;
};

export async function main(argv: string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || ['-?', '/?', 'help', '-help', '--help', '-h'].includes(name.toLowerCase())) {
    const help = rest[0] ? commandHelp(rest[0]) : usage();
    io.stdout.write(help ?? `pindesk: there is no command "${rest[0]}".\n${usage()}`);
    return help ? EXIT_OK : EXIT_USAGE;
  }
  const command = findCommand(name);
  if (!command) {
    io.stderr.write(`pindesk: there is no command "${name}". Run "pindesk help" for the list.\n`);
    return EXIT_USAGE;
  }
  if (rest.some((a) => a === '-?')) {
    io.stdout.write(commandHelp(command.name)!);
    return EXIT_OK;
  }
  let params;
  try {
    params = bindParameters(command.name, command.parameters, rest);
  } catch (error) {
    if (error instanceof ParameterError) {
      io.stderr.write(`${oneLine(error.message)}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
  const url = io.env.PINDESK_URL?.trim();
  const token = io.env.PINDESK_TOKEN?.trim();
  if (url && !token) {
    io.stderr.write(
      'pindesk: PINDESK_URL is set but PINDESK_TOKEN is not: create a token on the server\'s "API tokens" page and set PINDESK_TOKEN (or unset PINDESK_URL to work on the local database).\n',
    );
    return EXIT_USAGE;
  }
  let client: Promise<CliClient & { close?: () => Promise<void> }> | null = null;
  const getClient = () => {
    client ??= url
      ? import('./clients/remote').then(({ createRemoteClient }) => createRemoteClient(url, token!))
      : import('./clients/local').then(({ createLocalClient }) => createLocalClient());
    return client;
  };
  const output = createOutput(io.stdout, io.env.PINDESK_OUTPUT);
  let failed = false;
  let usageFailure = false;
  const host = (text: string) => io.stderr.write(`${text}\n`);
  const confirm = createConfirmer((text) => io.stderr.write(text), io.env.PINDESK_TTY || '/dev/tty');
  // Stop requests are polled (stop-signals.ts); a command that waits on one long call learns of them here.
  const stopping = new AbortController();
  const stopWatch = setInterval(() => {
    const signal = io.stop?.requested();
    if (signal && !stopping.signal.aborted) stopping.abort(new CommandStoppedError(signal));
  }, 100);
  stopWatch.unref();
  const ctx: CommandContext = {
    params,
    client: getClient,
    input: io.stdin.isTTY ? null : untilStopped(readInputLines(io.stdin as AsyncIterable<Buffer>), io.stop),
    emit: async (object, change) => {
      await output.write(object, change);
      // Written first: a result that is out is never dropped by the stop.
      const signal = io.stop?.requested();
      if (signal) throw new CommandStoppedError(signal);
    },
    host,
    fail: (objectName, problem) => {
      failed = true;
      // A problem of the command as a whole names no object twice ("Get-CsUser: Get-CsUser: …").
      const object = objectName === command.name ? '' : `${oneLine(objectName)}: `;
      io.stderr.write(`${command.name}: ${object}${oneLine(problem)}\n`);
    },
    confirm: (question) => (io.stop ? io.stop.duringBlockingCall(() => confirm(question)) : confirm(question)),
    stopSignal: stopping.signal,
    readNewPassword: () => readNewPassword(io.stdin, io.stderr),
  };
  let stoppedBy: CommandStoppedError | null = null;
  try {
    await command.run(ctx);
  } catch (error) {
    if (error instanceof CommandStoppedError) {
      stoppedBy = error;
    } else if (error instanceof OutputClosedError) {
      // Reported below, once the output is flushed: it may be closed by then in any case.
    } else if ((error instanceof FilterParseError && error.filter === command.name) || error instanceof ConfirmUnavailableError) {
      // Where-Object's refused block already names the command ("Where-Object '{…}': …").
      io.stderr.write(`${oneLine(error.message)}\n`);
      usageFailure = true;
    } else if (error instanceof InputError) {
      io.stderr.write(`${command.name}: ${oneLine(error.message)}\n`);
      usageFailure = true;
    } else {
      // Not one object's failure: the command stopped (e.g. the server or database is unreachable).
      io.stderr.write(`${command.name}: ${oneLine(problemOf(error))}\n`);
      failed = true;
    }
  } finally {
    clearInterval(stopWatch);
    await output.flush();
    if (client) await (await (client as Promise<{ close?: () => Promise<void> }>).catch(() => ({}) as { close?: () => Promise<void> })).close?.();
  }
  const closed = output.closed();
  if (closed && reportClosedOutput(command, closed, output.unreadChanges(), io.stderr)) failed = true;
  if (stoppedBy) {
    io.stderr.write(`${command.name}: stopped by ${stoppedBy.signal} before the next object; its output holds the result of every object it processed.\n`);
    return exitCodeOf(stoppedBy.signal);
  }
  return usageFailure ? EXIT_USAGE : failed ? EXIT_OBJECT_FAILED : EXIT_OK;
}
