/**
 * Links from the Overview's most-failed lists to the Audit page, filtered to the failed PIN
 * logons of the last 24 hours (the window the lists count). Pure.
 */
import { HOUR_MS } from './chart-series';

/** The Audit page's `from`/`to` format: UTC, to the minute, no zone (lib/audit/filter-params.ts reads it as UTC). */
export function auditTimeParam(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16);
}

/** Failed PIN logons since 24 hours before `asOf`, of a user (`target`: the SIP address) or by a bridge (`actor`: its name). */
export function failedLogonsAuditHref(who: { target: string } | { actor: string }, asOf: number): string {
  const params = new URLSearchParams();
  if ('target' in who) params.set('target', who.target);
  else params.set('actor', who.actor);
  params.set('action', 'pin.logon');
  params.set('outcome', 'failure');
  params.set('from', auditTimeParam(asOf - 24 * HOUR_MS));
  return `/audit?${params}`;
}
