/** How the Overview states a part of a whole. Pure. */

/**
 * `part` as a whole percentage of `whole`, or null when there is no whole (no enabled users).
 * Never rounds to 0 % or 100 % unless it is exactly that: "100 % have a PIN" while one user
 * has none would send nobody to look.
 */
export function sharePercent(part: number, whole: number): number | null {
  if (whole <= 0) return null;
  const percent = Math.round((part / whole) * 100);
  if (part > 0 && part < whole) return Math.min(99, Math.max(1, percent));
  return percent;
}
