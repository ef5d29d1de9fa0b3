/**
 * The LDAP source an operator configures as code, from DIRECTORY_LDAP_* settings: kept in
 * the sources table (so syncs, history and audit treat it like any other) under a fixed
 * name, shown read-only on the Directory page, and updated from the environment at every
 * start. Its bind password is read from DIRECTORY_LDAP_BIND_PASSWORD when a sync runs and is
 * never stored.
 */
import fs from 'node:fs';
import type { DbHandle } from '../db/client';
import * as sources from '../db/directory-sources';
import { LdapSettingsError, parseLdapSettings } from './ldap/settings';

export const ENVIRONMENT_SOURCE_NAME = 'Active Directory (from the environment)';
const DEFAULT_INTERVAL_MINUTES = 60;
const MAX_CA_FILE_BYTES = 64 * 1024;

/** The process's environment, or a test's. */
type Env = Readonly<Record<string, string | undefined>>;

export type EnvironmentSource = { settings: string; syncIntervalMinutes: number; removalGraceHours: number };

/** The source the environment defines, null when DIRECTORY_LDAP_URL is unset; throws an error naming the setting that is wrong. */
export function environmentSource(env: Env): EnvironmentSource | null {
  if (!env.DIRECTORY_LDAP_URL) return null;
  const problems: string[] = [];
  let caPem: string | undefined;
  if (env.DIRECTORY_LDAP_CA_FILE) {
    try {
      if (fs.statSync(env.DIRECTORY_LDAP_CA_FILE).size > MAX_CA_FILE_BYTES)
        problems.push(`DIRECTORY_LDAP_CA_FILE is larger than ${MAX_CA_FILE_BYTES / 1024} KiB.`);
      else caPem = fs.readFileSync(env.DIRECTORY_LDAP_CA_FILE, 'utf8');
    } catch {
      problems.push(`DIRECTORY_LDAP_CA_FILE (${env.DIRECTORY_LDAP_CA_FILE}) cannot be read.`);
    }
  }
  if (!env.DIRECTORY_LDAP_BIND_PASSWORD) problems.push('DIRECTORY_LDAP_BIND_PASSWORD is not set.');
  const interval = wholeNumber(env, 'DIRECTORY_SYNC_INTERVAL_MINUTES', DEFAULT_INTERVAL_MINUTES, 7 * 24 * 60, problems);
  const grace = wholeNumber(env, 'DIRECTORY_REMOVAL_GRACE_HOURS', 24, 24 * 365, problems);
  let settings = '';
  try {
    const parsed = parseLdapSettings({
      url: env.DIRECTORY_LDAP_URL,
      bindDn: env.DIRECTORY_LDAP_BIND_DN ?? '',
      // DNs hold commas: several base DNs are separated by semicolons.
      baseDns: (env.DIRECTORY_LDAP_BASE_DN ?? '')
        .split(';')
        .map((dn) => dn.trim())
        .filter(Boolean),
      ...(env.DIRECTORY_LDAP_FILTER ? { filter: env.DIRECTORY_LDAP_FILTER } : {}),
      ...(caPem ? { caPem } : {}),
    });
    settings = JSON.stringify(parsed);
  } catch (error) {
    if (!(error instanceof LdapSettingsError)) throw error;
    problems.push(...error.problems.map((p) => `${environmentName(p.field)}: ${p.message}`));
  }
  if (problems.length > 0) throw new Error(`The directory source from DIRECTORY_LDAP_* settings is not valid: ${problems.join(' ')}`);
  return { settings, syncIntervalMinutes: interval, removalGraceHours: grace };
}

function environmentName(field: string): string {
  const names: Record<string, string> = {
    url: 'DIRECTORY_LDAP_URL',
    bindDn: 'DIRECTORY_LDAP_BIND_DN',
    filter: 'DIRECTORY_LDAP_FILTER',
    caPem: 'DIRECTORY_LDAP_CA_FILE',
  };
  return field.startsWith('baseDns') ? 'DIRECTORY_LDAP_BASE_DN' : (names[field] ?? field);
}

function wholeNumber(env: Env, name: string, fallback: number, max: number, problems: string[]): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!/^\d{1,7}$/.test(raw) || value > max) {
    problems.push(`${name} must be a whole number from 0 to ${max}.`);
    return fallback;
  }
  return value;
}

/** Creates or updates the environment's source (a change of settings makes the next sync full); returns its id, or null when none is configured. */
export async function applyEnvironmentSource({ db }: DbHandle, env: Env): Promise<string | null> {
  const wanted = environmentSource(env);
  if (!wanted) return null;
  const existing = await sources.findSourceByName(db, ENVIRONMENT_SOURCE_NAME);
  const record: sources.SourceInput = { name: ENVIRONMENT_SOURCE_NAME, kind: 'ldap', fromEnvironment: true, bindPasswordCiphertext: null, ...wanted };
  if (!existing) return sources.createSource(db, record);
  const same =
    existing.settings === wanted.settings &&
    existing.syncIntervalMinutes === wanted.syncIntervalMinutes &&
    existing.removalGraceHours === wanted.removalGraceHours;
  if (!same) await sources.updateSource(db, existing.id, record);
  return existing.id;
}
