/**
 * Input that cannot be used as given (too long, control characters, a malformed filter), found
 * below the surface that received it. The REST API answers it with a 400 naming `field`, the
 * CLI with exit code 2 ("the command could not run"). Its message is written for the user.
 */
export class InputError extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'InputError';
  }
}

/** Throws an InputError for a problem found by one of lib/validation's checks. */
export function assertNoProblem(problem: string | null, field?: string): void {
  if (problem) throw new InputError(problem, field);
}
