/** How db:backup and db:restore name their database and report a failure, never showing a password. */
import type { DatabaseTarget } from '../db/database-url';
import { EXIT_FAILURE, OpsError } from './ops-error';
import { maskDatabaseUrl, redactPassword } from './postgres-client';

export function describeTarget(target: DatabaseTarget): string {
  return target.provider === 'sqlite' ? `the SQLite database ${target.file}` : `the PostgreSQL database ${maskDatabaseUrl(target.url)}`;
}

/** Prints the failure (masked) and returns the exit code: the OpsError's own, else 1. */
export function reportFailure(command: string, error: unknown, url = process.env.DATABASE_URL): number {
  const text = error instanceof Error ? error.message : String(error);
  console.error(`${command}: ${masked(text, url)}`);
  return error instanceof OpsError ? error.exitCode : EXIT_FAILURE;
}

function masked(text: string, url: string | undefined): string {
  if (!url) return text;
  let password: string | undefined;
  try {
    const parsed = new URL(url);
    password = parsed.password ? decodeURIComponent(parsed.password) : (parsed.searchParams.get('password') ?? undefined);
  } catch {
    password = /\/\/[^/@:]*:([^@/]*)@/.exec(url)?.[1];
  }
  return redactPassword(text.split(url).join(maskDatabaseUrl(url)), password);
}
