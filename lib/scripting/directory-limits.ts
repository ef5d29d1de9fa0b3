/**
 * The bounds of the directory commands' and routes' input, in a module of their own so that
 * the CLI can check them without loading the directory service (LDAP client, database).
 */
import { DEFAULT_MAX_BYTES } from '../directory/sfb-export/decode';

/** The largest Skype for Business export accepted, from the CLI and over the API (50 MiB). */
export const MAX_IMPORT_BYTES = DEFAULT_MAX_BYTES;
/** A NetBIOS domain name is at most 15 characters. */
export const MAX_IMPORT_DOMAIN = 15;
/** A sync run id is a UUID; anything longer is refused before the database sees it. */
export const MAX_RUN_ID = 64;
/** As lib/directory/directory-service.ts's MAX_SOURCE_NAME. */
export const MAX_SOURCE_NAME = 100;

/** "52.4 MiB": a file size in the words of the refusals. */
export const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

/** The refusal of a file over MAX_IMPORT_BYTES, the same from the CLI and the API. */
export function fileTooLargeMessage(size: number, what = 'The file'): string {
  return `${what} is ${size > MAX_IMPORT_BYTES * 1.5 ? `more than ${mib(MAX_IMPORT_BYTES)}` : mib(size)}; at most ${MAX_IMPORT_BYTES / 1024 / 1024} MiB can be imported. Export fewer users at a time (Get-CsUser -OU "OU=…" | Export-Csv) and import each file.`;
}
