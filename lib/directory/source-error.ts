/**
 * An error of a directory source whose message is fit to show an administrator (it says what
 * is wrong and how to fix it, and holds no secret): readers throw it, or a subclass, and the
 * sync records its message in the run's history as it is. Any other error is logged and
 * shown as a generic one.
 */
export class DirectorySourceError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'DirectorySourceError';
  }
}
