/**
 * A refusal or failure of `npm run db:backup` / `db:restore` that carries its exit code and a
 * message for the operator (what is wrong, how to fix it). Anything else thrown is unexpected.
 */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

export class OpsError extends Error {
  constructor(
    message: string,
    readonly exitCode: typeof EXIT_FAILURE | typeof EXIT_USAGE = EXIT_FAILURE,
  ) {
    super(message);
    this.name = 'OpsError';
  }
}

export const usageError = (message: string) => new OpsError(message, EXIT_USAGE);
