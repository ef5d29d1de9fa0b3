/**
 * Links from the Overview's most-failed lists to the Audit page, filtered to the failed PIN
 * logons of the window the lists count (overviewWindows: whole hours up to `asOf`). Pure.
 */
import { overviewWindows } from './overview-types';

/** The Audit page's `from`/`to` format: UTC, to the minute, no zone (lib/audit/filter-params.ts reads it as UTC). */
export function auditTimeParam(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16);
}

/**
 * Failed PIN logons in the most-failed lists' window up to `asOf`, of a user (`target`: the SIP
 * address) or by a bridge (`actor`: its name). The Audit page matches target and actor by
 * "contains", so a name inside a longer one (Bridge 1, Bridge 10) shows both.
 */
export function failedLogonsAuditHref(who: { target: string } | { actor: string }, asOf: number): string {
  const params = new URLSearchParams();
  if ('target' in who) params.set('target', who.target);
  else params.set('actor', who.actor);
  params.set('action', 'pin.logon');
  params.set('outcome', 'failure');
  params.set('from', auditTimeParam(overviewWindows(asOf).leaders));
  // Up to asOf, to the second (the filter reads seconds too): the lists counted up to asOf.
  params.set('to', new Date(Math.ceil(asOf / 1000) * 1000).toISOString().slice(0, 19));
  return `/audit?${params}`;
}
