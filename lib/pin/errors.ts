/**
 * Error codes of the PIN domain. Pages, the API and the CLI map them to messages and HTTP
 * statuses; the message never contains a PIN.
 */
export const pinErrorCodes = [
  /** The PIN has a character other than the ASCII digits 0-9. */
  'PIN_NOT_DIGITS',
  /** Shorter than MinPasswordLength of the effective policy. */
  'PIN_TOO_SHORT',
  /** Longer than 24 digits. */
  'PIN_TOO_LONG',
  /** A common pattern (details.rule names which one). */
  'PIN_COMMON_PATTERN',
  /** One of the user's last PINHistoryCount PINs (self-service only). */
  'PIN_REUSED',
  /** The PIN is locked and must be unlocked first. */
  'PIN_LOCKED',
  /** The two entries of a new PIN differ. */
  'PIN_MISMATCH',
  'USER_NOT_FOUND',
  'IDENTITY_AMBIGUOUS',
  'IDENTITY_INVALID',
  'POLICY_NOT_FOUND',
  'POLICY_EXISTS',
  'POLICY_INVALID',
  'POLICY_IN_USE',
  'SITE_NOT_FOUND',
  /** An administrator has used their dial-in tests for the day (of this user, or in all). */
  'DIAL_IN_TEST_LIMIT',
] as const;

export type PinErrorCode = (typeof pinErrorCodes)[number];

export class PinError extends Error {
  readonly code: PinErrorCode;
  /** Machine-readable details, e.g. { rule: 'sequence' } or { field: 'MinPasswordLength' }. */
  readonly details: Record<string, unknown>;

  constructor(code: PinErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'PinError';
    this.code = code;
    this.details = details;
  }
}

export function isPinError(error: unknown): error is PinError {
  return error instanceof PinError;
}
