/** Why a Skype for Business export cannot be read at all (a problem in one row is an EntryProblem instead). */
export type SfbExportErrorCode =
  'FILE_TOO_LARGE' | 'FILE_EMPTY' | 'ENCODING_UNSUPPORTED' | 'ENCODING_INVALID' | 'RECORD_TOO_LARGE' | 'HEADER_MISSING' | 'COLUMNS_MISSING';

/** A fatal problem with an export file; the message says what is wrong and how to fix it. */
export class SfbExportError extends Error {
  readonly code: SfbExportErrorCode;

  constructor(code: SfbExportErrorCode, message: string) {
    super(message);
    this.name = 'SfbExportError';
    this.code = code;
  }
}
