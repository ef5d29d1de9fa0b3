/**
 * Exit code 2 is "the command could not run" (README): every usage problem found before any
 * object is touched. These run main() in-process; none of them reaches a database.
 */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { EXIT_USAGE, main } from './main';

async function run(argv: string[]) {
  const stdin = Object.assign(new PassThrough(), { isTTY: true });
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let err = '';
  stderr.on('data', (chunk) => (err += chunk));
  stdout.resume();
  const code = await main(argv, { stdin, stdout, stderr, env: { DATABASE_URL: 'file:/nonexistent/never-opened.db' } as unknown as NodeJS.ProcessEnv });
  return { code, err: err.trim() };
}

describe('usage errors exit 2 with one line', () => {
  it.each([
    [['Get-CsUser', '-ResultSize', '0'], 'Get-CsUser: -ResultSize must be from 1 to 100000.'],
    [['Get-CsUser', '-OU', 'garbage'], /^Get-CsUser: -OU "garbage": OU must be a distinguished name/],
    [['Get-CsUser', '-LdapFilter', '|(Title=a)(Title=b)'], /^Get-CsUser: LdapFilter "\|\(Title=a\)\(Title=b\)": OR \("\|"\) is not supported/],
    [['Get-CsUser', '-LdapFilter', 'constructor=x'], /unknown attribute "constructor"/],
    [['Get-CsUser', '-Filter', '{Department -eq}'], /^Get-CsUser: -Filter '\{Department -eq\}': -eq needs a value/],
    [['Set-CsPinPolicy', 'site:Redmond'], 'Set-CsPinPolicy: give at least one property to change, e.g. -MinPasswordLength 6.'],
    [['Grant-CsPinPolicy', 'kenmyer@litwareinc.com'], 'Grant-CsPinPolicy: give -PolicyName <per-user policy name>, or -PolicyName $Null for <Automatic>.'],
    [['Get-CsPinPolicy', '-Filter', '*'.repeat(10_000)], 'Get-CsPinPolicy -Filter: can be at most 128 characters (got 10,000).'],
    [
      ['Get-CsUser', '-SearchText', 'a\u0000b'],
      'Get-CsUser -SearchText: the value contains a control character (such as NUL or a line break) or a broken Unicode character; remove it.',
    ],
    [['Get-CsClientPinInfo', 'x'.repeat(600)], 'Get-CsClientPinInfo -Identity: can be at most 512 characters (got 600).'],
    [['Where-Object', `{${'('.repeat(50)}$_.A${')'.repeat(50)}}`], /nest more than 32 deep/],
    // A required parameter missing, with nothing piped in (stdin is a terminal here).
    [['Where-Object'], "Where-Object: give a condition, e.g. Where-Object '{$_.IsPinSet -eq $False}'."],
    [['Lock-CsClientPin'], /^Lock-CsClientPin: give -Identity /],
    [['Set-CsClientPin'], /^Set-CsClientPin: give -Identity /],
    [['Grant-CsPinPolicy', '-PolicyName', 'Contractors'], /^Grant-CsPinPolicy: give -Identity /],
  ] as const)('%j', async (argv, message) => {
    const { code, err } = await run([...argv]);
    expect(err).toMatch(typeof message === 'string' ? new RegExp(`^${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) : message);
    expect(code).toBe(EXIT_USAGE);
  });
});
