/**
 * A sync's or a preview's counts in one line, as an administrator reads them: "124 new,
 * 12 changed, 3 disabled, 2 removed, 4 skipped", then what else happened. Pure.
 */
import type { SyncCounts } from '../db/directory-sync-runs';
export type CountsToSay = Omit<SyncCounts, 'read'>;

const n = (value: number) => value.toLocaleString('en-US');

export function syncSummary(counts: CountsToSay): string {
  const main = `${n(counts.created)} new, ${n(counts.changed)} changed, ${n(counts.disabled)} disabled, ${n(counts.removed)} removed, ${n(counts.skipped)} skipped`;
  const more = [
    counts.restored > 0 ? `${n(counts.restored)} restored` : '',
    counts.deprovisioned > 0 ? `${n(counts.deprovisioned)} deprovisioned` : '',
    `${n(counts.unchanged)} unchanged`,
  ].filter(Boolean);
  return `${main}; ${more.join(', ')}`;
}
