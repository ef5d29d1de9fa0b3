import { generatePassword } from '../lib/auth/password';
import { demoRoleAccounts } from '../lib/db/seed/demo-directory';

type Env = Record<string, string | undefined>;

/**
 * The password of every seeded account: SEED_PASSWORD, else a generated one. Not in
 * production: there stdout is the log operators keep, and a generated password printed to it
 * would sit there for everyone who reads the log.
 */
export function resolveSeedPassword(env: Env = process.env): { password: string; generated: boolean } {
  const fromEnv = env.SEED_PASSWORD;
  if (fromEnv) return { password: fromEnv, generated: false };
  if (env.NODE_ENV === 'production') {
    throw new Error(
      'Seeding the demo directory in production needs SEED_PASSWORD: a generated password would be printed to the server log. Set SEED_PASSWORD to the password the demo accounts should have.',
    );
  }
  return { password: generatePassword(), generated: true };
}

/** Who can sign in, and with what; a generated password is shown here once and stored nowhere in clear. */
export function printSignInHelp(seed: { password: string; generated: boolean }, log: (line: string) => void = (line) => console.log(line)): void {
  log('\nSign in as:');
  for (const account of demoRoleAccounts) log(`  ${account.upn.padEnd(26)} ${account.role}`);
  log('  (or any user by UPN, e.g. kenmyer@litwareinc.com, for the self-service page)');
  log(
    seed.generated
      ? `Password: ${seed.password}\n(generated and shown only now; set SEED_PASSWORD to choose one)\n`
      : 'Password: the value of SEED_PASSWORD.\n',
  );
}
