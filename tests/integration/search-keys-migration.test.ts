/**
 * The user_search_keys migration and the later ou_path_key one on the engine under test: a
 * directory written before them (no key columns) is searchable afterwards, because the
 * migrations backfill each key as lib/users/user-keys.ts computes it for new writes (lower
 * case; the line digits reversed).
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { directoryUserKeys } from '../../lib/users/user-keys';
import { providerPaths } from '../../prisma/providers';
import { freshPostgresDatabase } from '../../scripts/test-databases';
import { target } from './helpers';

const KEYS_MIGRATION = /_user_search_keys$/;
const dir = providerPaths(target.provider).migrations;
const migrations = fs
  .readdirSync(dir)
  .filter((name) => /^\d{14}_/.test(name))
  .sort();
const keysAt = migrations.findIndex((name) => KEYS_MIGRATION.test(name));
const sqlOf = (name: string) => fs.readFileSync(path.join(dir, name, 'migration.sql'), 'utf8');

const ken = {
  displayName: 'Ken Myer',
  samAccountName: 'kenmyer',
  domain: 'LITWAREINC',
  upn: 'KenMyer@Litwareinc.com',
  lineUri: 'tel:+14255550100;ext=100',
  title: 'Finance Manager',
  department: 'Finance',
  office: 'Building 1',
  city: 'Redmond',
  ouPath: 'litwareinc.com/Finance/',
};
const INSERT = `INSERT INTO directory_user (id, display_name, display_name_key, sam_account_name, sam_account_name_key, domain, upn, sip_address,
  line_uri, line_uri_key, line_digits, extension, distinguished_name, ou_dn, ou_path, title, department, office, city)
  VALUES ('u1', 'Ken Myer', 'ken myer', 'kenmyer', 'kenmyer', 'LITWAREINC', 'KenMyer@Litwareinc.com', 'sip:kenmyer@litwareinc.com',
  'tel:+14255550100;ext=100', 'tel:+14255550100;ext=100', '14255550100', '100', 'CN=Ken Myer,OU=Finance,DC=litwareinc,DC=com',
  'OU=Finance,DC=litwareinc,DC=com', 'litwareinc.com/Finance/', 'Finance Manager', 'Finance', 'Building 1', 'Redmond')`;
const SELECT = `SELECT domain_key, upn_key, line_digits_reversed, title_key, department_key, office_key, city_key, ou_path_key FROM directory_user`;

const expected = (() => {
  const k = directoryUserKeys(ken);
  return {
    domain_key: k.domainKey,
    upn_key: k.upnKey,
    line_digits_reversed: k.lineDigitsReversed,
    title_key: k.titleKey,
    department_key: k.departmentKey,
    office_key: k.officeKey,
    city_key: k.cityKey,
    ou_path_key: k.ouPathKey,
  };
})();

/** Applies the migrations before the keys, writes a user, applies the keys migration and every later one; returns the user's keys. */
async function keysAfterMigration(): Promise<unknown> {
  const before = migrations.slice(0, keysAt);
  if (target.provider === 'sqlite') {
    const db = new Database(':memory:');
    try {
      for (const name of before) db.exec(sqlOf(name));
      db.exec(INSERT);
      for (const name of migrations.slice(keysAt)) db.exec(sqlOf(name));
      return db.prepare(SELECT).get();
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: await freshPostgresDatabase('pindesk_search_keys_migration') });
  await client.connect();
  try {
    for (const name of before) await client.query(sqlOf(name));
    await client.query(INSERT);
    for (const name of migrations.slice(keysAt)) await client.query(sqlOf(name));
    return (await client.query(SELECT)).rows[0];
  } finally {
    await client.end();
  }
}

describe(`the user_search_keys and ou_path_key migrations on ${target.provider}`, () => {
  it('backfills every search key of an existing user as directoryUserKeys computes it', async () => {
    expect(keysAt).toBeGreaterThan(0);
    expect(await keysAfterMigration()).toEqual(expected);
  });
});
