/** The Audit page filter in the URL (actor, target, action, outcome, from, to), validated. */
import type { AuditFilter } from '../db/audit-log';

export const outcomes = ['success', 'failure', 'denied'] as const;

export function parseAuditFilter(params: URLSearchParams): { filter: AuditFilter; problems: string[] } {
  const problems: string[] = [];
  const text = (name: string) => (params.get(name) ?? '').trim().slice(0, 200) || undefined;
  const date = (name: string, label: string) => {
    const raw = (params.get(name) ?? '').trim();
    if (!raw) return undefined;
    // datetime-local values carry no zone: they are UTC here, like every time PinDesk shows.
    const value = new Date(/[zZ]|[+-]\d\d:\d\d$/.test(raw) ? raw : `${raw}Z`);
    if (Number.isNaN(value.getTime())) {
      problems.push(`${label} is not a date and time (use YYYY-MM-DDTHH:MM, UTC); it was ignored.`);
      return undefined;
    }
    return value;
  };
  const outcome = text('outcome');
  if (outcome && !(outcomes as readonly string[]).includes(outcome)) problems.push(`Outcome must be one of ${outcomes.join(', ')}; it was ignored.`);
  const filter: AuditFilter = {
    actor: text('actor'),
    target: text('target'),
    action: text('action'),
    outcome: outcome && (outcomes as readonly string[]).includes(outcome) ? outcome : undefined,
    from: date('from', 'From'),
    to: date('to', 'To'),
  };
  if (filter.from && filter.to && filter.from > filter.to) problems.push('From is after To: no event can match.');
  return { filter, problems };
}
