import { describe, expect, it } from 'vitest';
import { parseOpsArguments, type OpsCommand } from './command-line';
import { OpsError } from './ops-error';

function usageFailure(command: OpsCommand, argv: string[]): OpsError {
  try {
    parseOpsArguments(command, argv);
  } catch (error) {
    if (error instanceof OpsError) return error;
    throw error;
  }
  throw new Error(`${argv.join(' ')} was accepted`);
}

describe('parseOpsArguments', () => {
  it.each([
    [['backup.db'], { help: false, file: 'backup.db', force: false }],
    [['--force', 'backup.db'], { help: false, file: 'backup.db', force: true }],
    [['backup.db', '--force'], { help: false, file: 'backup.db', force: true }],
    [['--', '-odd-name'], { help: false, file: '-odd-name', force: false }],
    [['--help'], { help: true }],
    [['-h', 'x'], { help: true }],
  ])('%j → %j', (argv, expected) => {
    expect(parseOpsArguments('backup', argv)).toEqual(expected);
  });

  it.each<[string, OpsCommand, string[], RegExp]>([
    ['no file', 'backup', [], /Name the backup file: npm run db:backup -- <file>/],
    ['no file (restore)', 'restore', ['--force'], /Name the backup file: npm run db:restore -- <file>/],
    ['two files', 'restore', ['a b', 'c'], /Give one backup file, not 2 \("a b", "c"\); quote a path that contains spaces/],
    ['an unknown flag', 'backup', ['--frce', 'x'], /Unknown option --frce: the only options are --force and --help/],
    ['a short unknown flag', 'restore', ['-f', 'x'], /Unknown option -f/],
    ['a value for --force', 'backup', ['--force=yes', 'x'], /--force' does not take an argument/],
  ])('refuses %s with exit 2, saying what is wrong and showing the usage', (_name, command, argv, message) => {
    const error = usageFailure(command, argv);
    expect(error.exitCode).toBe(2);
    expect(error.message).toMatch(message);
    expect(error.message).toContain(`Usage: npm run db:${command} -- [--force] <file>`);
  });
});
