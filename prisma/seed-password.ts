import { generatePassword } from '../lib/auth/password';

/**
 * The password of every seeded account: SEED_PASSWORD, else a generated one printed once
 * here (it is not stored anywhere in clear).
 */
export function seedPassword(): string {
  const fromEnv = process.env.SEED_PASSWORD;
  if (fromEnv) return fromEnv;
  const password = generatePassword();
  console.log(
    [
      '',
      'No SEED_PASSWORD was set, so one was generated for the demo accounts. It is shown only now:',
      `    ${password}`,
      'Sign in as admin@litwareinc.com (CsAdministrator), useradmin@litwareinc.com (CsUserAdministrator),',
      'helpdesk@litwareinc.com (CsHelpDesk) or viewer@litwareinc.com (CsViewOnlyAdministrator).',
      '',
    ].join('\n'),
  );
  return password;
}
