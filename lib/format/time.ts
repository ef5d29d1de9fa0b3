/**
 * The one time format of the product: UTC ISO to the second, with the zone named, so
 * administrators in several sites (and the audit trail they compare against) agree.
 */
export function formatTime(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** The time of day only, UTC to the second, with the zone named: for "as of" notes on a page that shows today's figures. */
export function formatClockTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(11, 19)} UTC`;
}
