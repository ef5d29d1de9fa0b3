/**
 * The one wildcard matcher for everything a user types with `*` (policy identity filters,
 * display-name identities such as `* Smith`, Where-Object -like): no RegExp, so no
 * backtracking. The pattern is split on `*`; the first segment must start the text, the last
 * must end it, and the middle ones are found left to right, each after the previous. Taking
 * the leftmost place of each middle segment is always right (a later place only leaves less
 * room for the rest), so one pass decides: O(text × segment) at worst, whatever the stars.
 * Case-insensitive, as the cmdlets are. Pure.
 */

export type WildcardOptions = {
  /** `?` stands for exactly one character (PowerShell -like); otherwise it is literal. */
  questionMark?: boolean;
};

/** Index of the first place at or after `from` where `segment` matches, `?` matching any one character. */
function findSegment(text: string, segment: string, from: number, questionMark: boolean): number {
  if (!questionMark || !segment.includes('?')) return text.indexOf(segment, from);
  for (let start = from; start + segment.length <= text.length; start++) {
    if (segmentAt(text, segment, start, true)) return start;
  }
  return -1;
}

function segmentAt(text: string, segment: string, at: number, questionMark: boolean): boolean {
  if (at < 0 || at + segment.length > text.length) return false;
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i];
    if (c === '?' && questionMark) continue;
    if (c !== text[at + i]) return false;
  }
  return true;
}

/** Whether `text` matches the `*` wildcard `pattern` as a whole (anchored at both ends). */
export function matchWildcard(pattern: string, text: string, options: WildcardOptions = {}): boolean {
  const questionMark = options.questionMark ?? false;
  const p = pattern.toLowerCase();
  const t = text.toLowerCase();
  const segments = p.split('*');
  if (segments.length === 1) return p.length === t.length && segmentAt(t, p, 0, questionMark);
  const first = segments[0];
  const last = segments[segments.length - 1];
  if (first.length + last.length > t.length) return false;
  if (!segmentAt(t, first, 0, questionMark) || !segmentAt(t, last, t.length - last.length, questionMark)) return false;
  let position = first.length;
  const end = t.length - last.length;
  for (let i = 1; i < segments.length - 1; i++) {
    const segment = segments[i];
    if (segment === '') continue;
    const found = findSegment(t, segment, position, questionMark);
    if (found < 0 || found + segment.length > end) return false;
    position = found + segment.length;
  }
  return true;
}

/** A predicate for one pattern, for filtering many values. */
export function wildcardMatcher(pattern: string, options: WildcardOptions = {}): (text: string) => boolean {
  return (text) => matchWildcard(pattern, text, options);
}

/** The escape character of the LIKE patterns below; statements say `ESCAPE '\'`. */
const LIKE_ESCAPE = '\\';

/** `text` as a LIKE literal: `%`, `_` and the escape character lose their meaning. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `${LIKE_ESCAPE}${c}`);
}

/**
 * A `*` wildcard as a LIKE pattern (with `ESCAPE '\'`): runs of `*` become one `%`, and
 * everything else is literal. Both engines' LIKE then has at most one `%` per star run.
 */
export function wildcardToLike(pattern: string): string {
  return pattern.split(/\*+/).map(escapeLike).join('%');
}
