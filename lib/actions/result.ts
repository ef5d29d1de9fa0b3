/** What every server action returns: expected failures are values, not exceptions. */
export type ActionErrorCode = 'UNAUTHENTICATED' | 'FORBIDDEN' | 'INVALID_INPUT' | 'INTERNAL' | string;

export type ActionResult<T> = { ok: true; data: T } | { ok: false; code: ActionErrorCode; message: string; fieldErrors?: Record<string, string[]> };

/** An expected failure an action throws to return its message to the user as it is. */
export class ActionError extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** Problems by form field, shown under each input. */
    readonly fieldErrors?: Record<string, string[]>,
  ) {
    super(message);
    this.name = 'ActionError';
  }
}
