/**
 * The server's log: JSON lines on stdout (pino), one per request and one per message, at
 * LOG_LEVEL (default info). server.ts routes console.* here, so every part of the process —
 * Next.js included — logs the same way. Secrets never reach a log line by design (code logs
 * error names, not values); the redaction below is the second line of defence for fields
 * that might carry them. LOG_FORMAT=pretty prints readable lines instead (pino-pretty, a
 * development dependency) for someone watching a terminal.
 */
import { createRequire } from 'node:module';
import { format } from 'node:util';
import pino from 'pino';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Fields that may hold a secret, wherever they appear (one level deep, and at the top). */
const SECRET_FIELDS = ['authorization', 'cookie', 'set-cookie', 'password', 'pin', 'newPin', 'token', 'secret', 'key', 'bindPassword', 'clientSecret'];
export const REDACTED_PATHS = [
  ...SECRET_FIELDS,
  ...SECRET_FIELDS.map((field) => `*.${field}`),
  'headers.authorization',
  'headers.cookie',
  'req.headers.authorization',
  'req.headers.cookie',
];

export class LogSettingsError extends Error {}

export function logSettingsFromEnv(env: Record<string, string | undefined>): { level: (typeof LOG_LEVELS)[number]; pretty: boolean } {
  const level = (env.LOG_LEVEL?.trim().toLowerCase() || 'info') as (typeof LOG_LEVELS)[number];
  if (!LOG_LEVELS.includes(level))
    throw new LogSettingsError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got "${String(env.LOG_LEVEL).slice(0, 20)}").`);
  const formatName = env.LOG_FORMAT?.trim().toLowerCase() || 'json';
  if (formatName !== 'json' && formatName !== 'pretty') throw new LogSettingsError(`LOG_FORMAT must be json or pretty (got "${formatName.slice(0, 20)}").`);
  return { level, pretty: formatName === 'pretty' };
}

export function createLogger(settings: { level: string; pretty: boolean }, destination?: pino.DestinationStream): pino.Logger {
  const options: pino.LoggerOptions = {
    level: settings.level,
    base: { service: 'pindesk', pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
  };
  if (destination) return pino(options, destination);
  if (!settings.pretty) return pino(options);
  // Loaded only when asked for: a production install without development dependencies never needs it.
  const pretty = createRequire(import.meta.url)('pino-pretty') as (options: object) => pino.DestinationStream;
  return pino(options, pretty({ sync: true, translateTime: 'SYS:standard', ignore: 'pid,hostname,service' }));
}

const KEY = Symbol.for('pindesk.logger');
type Holder = { [KEY]?: pino.Logger };

/** This process's logger (server.ts and the Next.js bundle share it through globalThis). */
export function logger(): pino.Logger {
  const holder = globalThis as Holder;
  return (holder[KEY] ??= createLogger(logSettingsFromEnv(process.env)));
}

/** console.log/info/warn/error/debug as log lines of the same logger (message text as console would format it). */
export function routeConsoleToLogger(log: pino.Logger = logger()): void {
  const write =
    (level: 'info' | 'warn' | 'error' | 'debug') =>
    (...args: unknown[]) =>
      log[level](format(...args));
  console.log = write('info');
  console.info = write('info');
  console.warn = write('warn');
  console.error = write('error');
  console.debug = write('debug');
}
