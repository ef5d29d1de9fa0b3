/**
 * One log line per outage rather than one per failed request or poll: while the database is
 * down, every bridge attempt, page and runner poll fails the same way, and thousands of
 * identical lines would bury what came before. A source logs again once it has been quiet
 * for a while (the outage is over, or has lasted long enough to be worth a reminder).
 */
const QUIET_MS = 60_000;
const lastLogged = new Map<string, number>();

/**
 * Logs that `source` found the database unavailable, unless it did so within the last minute.
 * Only the error's class and code go to the log: a driver's message can quote a statement.
 */
export function logDatabaseUnavailable(source: string, error: unknown, now = Date.now(), log: (line: string) => void = console.error): void {
  const last = lastLogged.get(source);
  if (last !== undefined && now - last < QUIET_MS) return;
  lastLogged.set(source, now);
  log(`[${source}] the database is unavailable (${describe(error)}); further such failures here are not logged for ${QUIET_MS / 1000} s.`);
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return 'error';
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? `${error.name} ${code}` : error.name;
}

/**
 * `log`, except that a line already written within the last minute is dropped: a runner that
 * polls once a second writes its "database unavailable" line once a minute, not sixty times.
 */
export function withoutRepeats(log: (line: string) => void, now: () => number = Date.now): (line: string) => void {
  const seen = new Map<string, number>();
  return (line) => {
    const at = now();
    for (const [old, when] of seen) if (at - when >= QUIET_MS) seen.delete(old);
    if (seen.has(line)) return;
    seen.set(line, at);
    log(line);
  };
}
