/**
 * What a `pindesk` command is, and what it gets to run: its bound parameters, the client
 * (local or remote), the pipeline input, and the ways to write objects, host messages
 * ("What if: …", prompts) and per-object errors. Errors name the object and the problem on
 * one stderr line; the command goes on with the next object, and the exit code says
 * whether any failed.
 */
import { isPinError } from '../pin/errors';
import type { DirectoryClient } from '../scripting/directory';
import type { RolesClient } from '../scripting/roles';
import type { PinDeskClient } from '../scripting/service';
import { RemoteError } from './clients/remote';
import { InputError } from '../validation/input-error';
import type { BoundParameters, ParameterSpec } from './args';
import { ConfirmUnavailableError } from './confirm';
import { OutputClosedError } from './output';
import { bindIdentity, stringProperty, type InputItem } from './pipeline-input';
import { CommandStoppedError } from './stop-signals';

/** What a command calls, in either mode: the PIN operations, the directory's and the roles'. */
export type CliClient = PinDeskClient & DirectoryClient & RolesClient;

export type CommandContext = {
  params: BoundParameters;
  client(): Promise<CliClient>;
  /** Objects piped in, or null when stdin is a terminal (nothing can be piped). */
  input: AsyncIterable<InputItem> | null;
  /**
   * Writes an object; `change` names the identity a change was made to when the object reports
   * one. Await it: it rejects (OutputClosedError) once the output has closed, which stops the command.
   */
  emit(object: unknown, change?: string): Promise<void>;
  /** A line for the person at the terminal (stderr, so stdout stays the object pipe). */
  host(text: string): void;
  /** Records a failure of one object: one line on stderr, exit code 1 at the end. */
  fail(objectName: string, problem: string): void;
  confirm(question: string): boolean;
  /** A new password: typed twice with echo off at a terminal, else the first line of stdin (lib/cli/password-input.ts). */
  readNewPassword(): Promise<string>;
  /** Aborted (with a CommandStoppedError) once a stop signal comes: for commands that wait, such as a directory sync. */
  stopSignal: AbortSignal;
};

export type Command = {
  name: string;
  synopsis: string;
  description: string;
  parameters: ParameterSpec[];
  /**
   * Commands that change things: what a change whose result line may not have been read
   * means, said after its identity on stderr when the output closes.
   */
  unreadChange?: string;
  run(ctx: CommandContext): Promise<void>;
};

export const whatIfParameters: ParameterSpec[] = [
  { name: 'WhatIf', type: 'switch', help: 'say what would happen, change nothing' },
  { name: 'Confirm', type: 'switch', help: 'ask before each change (answers from the terminal)' },
];

/**
 * The directory's errors, whose messages are written for an administrator and hold no secret
 * (lib/directory/source-error.ts). By name: importing them would load the LDAP client and the
 * database modules into every command, remote mode included.
 */
const directoryErrors = new Set(['DirectorySourceError', 'LdapSourceError', 'LdapSettingsError', 'SyncNotStartedError', 'SfbExportError', 'RunNotFoundError']);
/** lib/roles' errors (roles-service.ts, role-assignments.ts, local-accounts.ts), by name for the same reason. */
const roleErrors = new Set(['RoleInputError', 'RoleChangeError', 'LocalAccountExistsError']);

/**
 * One line for an error. Domain errors (PinError codes), the server's answers (RemoteError)
 * and the filter parsers' errors carry a message written for the user. Anything else — a database error, say — gets its
 * last line only: Prisma's full message is pages of code, and its argument dump is no
 * place to look for a PIN.
 */
export function problemOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (isPinError(error) || error instanceof RemoteError || error instanceof InputError || directoryErrors.has(error.name) || roleErrors.has(error.name))
    return error.message;
  const last =
    error.message
      .trim()
      .split('\n')
      .filter((line) => line.trim() !== '')
      .at(-1) ?? '';
  const hint = /no such table|does not exist|P1001|P1003|ECONNREFUSED/i.test(error.message)
    ? ' Check DATABASE_URL, and that the database is migrated (npm run db:migrate, or npm start once).'
    : '';
  return `unexpected ${error.name}: ${last.trim().slice(0, 300)}${hint}`;
}

/**
 * Runs `fn` for -Identity, or else for each piped object's Identity (ByPropertyName). A
 * failing object is reported and the next one goes on.
 */
export async function forEachIdentity(ctx: CommandContext, command: string, fn: (identity: string) => Promise<void>): Promise<void> {
  const given = ctx.params.Identity;
  if (typeof given === 'string') {
    await runOne(ctx, given, fn);
    return;
  }
  // A missing parameter: the command cannot run at all (exit 2), not one object's failure.
  if (!ctx.input) throw new InputError('give -Identity (a SIP address, UPN, domain\\account, display name or distinguished name), or pipe objects in.');
  for await (const item of ctx.input) {
    if ('error' in item) {
      ctx.fail(`input line ${item.line}`, item.error);
      continue;
    }
    const identity = bindIdentity(item.object);
    if (identity === null) {
      ctx.fail(`input line ${item.line}`, 'the object has no Identity, SipAddress or UserPrincipalName property to bind to -Identity.');
      continue;
    }
    await runOne(ctx, identity, fn);
  }
}

/**
 * True for the errors that end the whole command rather than fail one object: the output
 * closed (nobody reads it any more) or a stop signal came (main says where it stopped and
 * exits 128 + the signal). Every catch that records a per-object failure rethrows these.
 */
export function isStop(error: unknown): boolean {
  return error instanceof OutputClosedError || error instanceof CommandStoppedError;
}

async function runOne(ctx: CommandContext, identity: string, fn: (identity: string) => Promise<void>) {
  try {
    await fn(identity);
  } catch (error) {
    // No terminal for -Confirm is a usage error of the whole command (exit 2), not one per object.
    if (isStop(error) || error instanceof ConfirmUnavailableError) throw error;
    ctx.fail(identity, problemOf(error));
  }
}

/** The identity a change reports (its Identity property), else the one it was asked for. */
export function changedIdentity(result: unknown, asked: string): string {
  return stringProperty(result, 'Identity') ?? asked;
}

/** -WhatIf / -Confirm handling around one change: true when the change should go ahead. */
export async function shouldProceed(
  ctx: CommandContext,
  operation: string,
  target: string,
  dryRun: () => Promise<{ WhatIf: string } | unknown>,
): Promise<boolean> {
  if (ctx.params.WhatIf === true) {
    const result = (await dryRun()) as { WhatIf?: string };
    ctx.host(result.WhatIf ?? `What if: Performing the operation "${operation}" on target "${target}".`);
    return false;
  }
  if (ctx.params.Confirm === true) return ctx.confirm(`Performing the operation "${operation}" on target "${target}".`);
  return true;
}
