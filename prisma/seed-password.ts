import { generatePassword } from '../lib/auth/password';
import { demoRoleAccounts } from '../lib/db/seed/demo-directory';

/** The password of every seeded account: SEED_PASSWORD, else a generated one. */
export function resolveSeedPassword(): { password: string; generated: boolean } {
  const fromEnv = process.env.SEED_PASSWORD;
  return fromEnv ? { password: fromEnv, generated: false } : { password: generatePassword(), generated: true };
}

/** Who can sign in, and with what; a generated password is shown here once and stored nowhere in clear. */
export function printSignInHelp(seed: { password: string; generated: boolean }): void {
  console.log('\nSign in as:');
  for (const account of demoRoleAccounts) console.log(`  ${account.upn.padEnd(26)} ${account.role}`);
  console.log('  (or any user by UPN, e.g. kenmyer@litwareinc.com, for the self-service page)');
  console.log(seed.generated ? `Password: ${seed.password}\n(generated and shown only now; set SEED_PASSWORD to choose one)\n` : 'Password: the value of SEED_PASSWORD.\n');
}
