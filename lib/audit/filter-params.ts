/** The Audit page filter in the URL (actor, target, action, outcome, from, to), validated. */
import type { AuditFilter } from '../db/audit-log';
import { inputLimits } from '../validation/input-limits';
import { textInputProblem } from '../validation/text';

export const outcomes = ['success', 'failure', 'denied'] as const;

/**
 * Dates the filter accepts. JavaScript takes years from -271821 to +275760, PostgreSQL's
 * timestamp neither those nor year 0, and SQLite's date functions stop at 9999: bounded here,
 * so the database only ever sees a date both engines compare.
 */
const EARLIEST_FILTER_DATE = new Date(Date.UTC(1970, 0, 1));
const LATEST_FILTER_DATE = new Date(Date.UTC(9999, 11, 31, 23, 59, 59, 999));

/** A problem with one parameter: the page notes it and ignores the parameter; the export refuses it. */
export type AuditFilterProblem = { field: string; message: string };

export function parseAuditFilter(params: URLSearchParams): { filter: AuditFilter; problems: string[]; invalid: AuditFilterProblem[] } {
  const problems: string[] = [];
  const invalid: AuditFilterProblem[] = [];
  const refuse = (field: string, message: string) => {
    invalid.push({ field, message });
    problems.push(`${message} It was ignored.`);
  };
  const text = (name: string, label: string) => {
    const value = (params.get(name) ?? '').trim();
    const problem = textInputProblem(label, value, inputLimits.auditText);
    if (problem) {
      refuse(name, problem);
      return undefined;
    }
    return value || undefined;
  };
  const date = (name: string, label: string) => {
    const raw = (params.get(name) ?? '').trim();
    if (!raw) return undefined;
    // datetime-local values carry no zone: they are UTC here, like every time PinDesk shows.
    const value = raw.length <= 40 ? new Date(/[zZ]|[+-]\d\d:\d\d$/.test(raw) ? raw : `${raw}Z`) : new Date(Number.NaN);
    if (Number.isNaN(value.getTime())) {
      refuse(name, `${label} is not a date and time (use YYYY-MM-DDTHH:MM, UTC).`);
      return undefined;
    }
    if (value < EARLIEST_FILTER_DATE || value > LATEST_FILTER_DATE) {
      refuse(name, `${label} must be between 1970-01-01 and 9999-12-31 (UTC).`);
      return undefined;
    }
    return value;
  };
  const outcome = text('outcome', 'Outcome');
  const knownOutcome = outcome !== undefined && (outcomes as readonly string[]).includes(outcome);
  if (outcome !== undefined && !knownOutcome) refuse('outcome', `Outcome must be one of ${outcomes.join(', ')}.`);
  const filter: AuditFilter = {
    actor: text('actor', 'Actor'),
    target: text('target', 'Target'),
    action: text('action', 'Action'),
    outcome: knownOutcome ? outcome : undefined,
    from: date('from', 'From'),
    to: date('to', 'To'),
  };
  if (filter.from && filter.to && filter.from > filter.to) problems.push('From is after To: no event can match.');
  return { filter, problems, invalid };
}
