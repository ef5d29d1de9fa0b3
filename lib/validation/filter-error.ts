import { InputError } from './input-error';

/**
 * A filter that cannot be parsed, from any of the filter languages (the Users page clauses,
 * Get-CsUser -Filter and -LdapFilter, Where-Object's script block, the PIN policy filter).
 * An InputError, so every surface already answers it as bad input (400, CLI exit code 2).
 * `filter` names what was refused as the user typed it ("-Filter", "LdapFilter",
 * "Where-Object"); `problem` is the message without that name.
 */
export class FilterParseError extends InputError {
  constructor(
    readonly filter: string,
    readonly problem: string,
    message: string,
    field?: string,
  ) {
    super(message, field);
    this.name = 'FilterParseError';
  }
}
