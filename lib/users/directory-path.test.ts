import { describe, expect, it } from 'vitest';
import { ouDnToPath } from './directory-path';

describe('ouDnToPath', () => {
  it.each([
    ['OU=Finance,DC=litwareinc,DC=com', 'litwareinc.com/Finance/'],
    ['OU=Payroll,OU=Finance,DC=litwareinc,DC=com', 'litwareinc.com/Finance/Payroll/'],
    ['ou=Mobile, ou=Apps, OU=Engineering, dc=LitwareInc, dc=com', 'litwareinc.com/Engineering/Apps/Mobile/'],
    ['DC=litwareinc,DC=com', 'litwareinc.com/'],
    ['OU=R\\,D,DC=litwareinc,DC=com', 'litwareinc.com/R,D/'],
  ])('%s → %s', (dn, path) => expect(ouDnToPath(dn)).toBe(path));

  it.each([['CN=Ken Myer,OU=Finance,DC=litwareinc,DC=com'], ['OU=Finance'], ['Finance'], [''], ['DC=com,OU=Finance'], ['OU=,DC=com']])('rejects %s', (dn) =>
    expect(ouDnToPath(dn)).toBeNull(),
  );
});
