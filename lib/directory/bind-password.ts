/**
 * A directory source's bind password at rest: sealed with DIRECTORY_SECRET_KEY
 * (lib/config/secret-box.ts) and bound to the source's id. Only the sync and the connection
 * test open it; no page, API answer, log line or audit event ever holds it.
 */
import { createSecretBox, type SecretBox } from '../config/secret-box';
import { getDirectorySecretKey } from '../config/secrets';
import { DirectorySourceError } from './source-error';

let box: SecretBox | undefined;
const secretBox = () => (box ??= createSecretBox(getDirectorySecretKey(), 'pindesk directory bind password v1'));

export function sealBindPassword(password: string, sourceId: string): string {
  return secretBox().seal(password, sourceId);
}

/** The stored password, or an error saying why it cannot be read and what to do. */
export function openBindPassword(sealed: string, sourceId: string): string {
  const password = secretBox().open(sealed, sourceId);
  if (password === null) {
    throw new DirectorySourceError(
      'BIND_PASSWORD_UNREADABLE',
      'The stored bind password cannot be decrypted: DIRECTORY_SECRET_KEY is not the key it was saved with. Enter the bind password again on the Directory page (or restore the old key).',
    );
  }
  return password;
}
