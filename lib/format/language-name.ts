/**
 * A language tag as people read it: `ja-JP` → "Japanese (Japan)". The Dial-in page lists
 * each access number's languages; a caller choosing a number knows names, not BCP 47 codes.
 * Standard display ("English (United States)", not "American English") keeps the region
 * visible the way the tags carry it. A tag the runtime cannot name is shown as it is.
 */
const names = new Intl.DisplayNames(['en'], { type: 'language', languageDisplay: 'standard', fallback: 'none' });

export function languageName(tag: string): string {
  const trimmed = tag.trim();
  if (!trimmed) return trimmed;
  try {
    return names.of(trimmed) ?? trimmed;
  } catch {
    // RangeError: not a well-formed tag (free text an administrator typed).
    return trimmed;
  }
}
