/** What a Users search returns: the rows the page, the API and the CLI show. Pure types. */

export type UserRow = {
  id: string;
  displayName: string;
  sipAddress: string;
  /** The line URI as the directory holds it (`tel:+14255550100;ext=100`), '' when none. */
  lineUri: string;
  /** The extension a caller gives ('' when none). */
  extension: string;
  department: string;
  site: string | null;
  isPinSet: boolean;
  isLockedOut: boolean;
  lastPinChange: number | null;
  pinExpires: number | null;
};

export type UserSearchResult = {
  /** Matches in the result set (at most `max`). */
  total: number;
  /** Whether more users matched than "Maximum users to display" allows. */
  truncated: boolean;
  page: number;
  pages: number;
  rows: UserRow[];
};
