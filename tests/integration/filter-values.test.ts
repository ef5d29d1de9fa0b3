/**
 * The Users filter value suggestions (lib/db/filter-values.ts) on the engine DATABASE_URL
 * names: distinct non-empty values, case-insensitively ordered, limited, and only those
 * starting with what was typed in any case, with LIKE's wildcards taken literally.
 */
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { listFilterValues } from '../../lib/db/filter-values';
import { createUser, db, handle } from './helpers';

// Letters only, so the values sort the same under any collation.
const tag = `zq${[...randomBytes(6)].map((b) => String.fromCharCode(97 + (b % 26))).join('')}`;
const Tag = tag[0].toUpperCase() + tag.slice(1);

const values = (property: Parameters<typeof listFilterValues>[1]['property'], prefix: string, limit = 50) =>
  listFilterValues(handle, { property, prefix, limit });

beforeAll(async () => {
  const departments = [`${Tag} Finance`, `${tag} finance`, `${Tag} Finance`, `${Tag} Sales`, `${tag}_x`, `${tag}ax`];
  for (const department of departments) {
    const user = await createUser();
    await db.directoryUser.update({
      where: { id: user.id },
      data: { department, title: `${Tag} Analyst`, city: department === `${Tag} Sales` ? `${Tag} Dublin` : '' },
    });
  }
  await db.site.create({ data: { name: `${Tag} Redmond` } });
  await db.orgUnit.create({ data: { dn: `OU=${Tag} Ops,DC=litwareinc,DC=com`, name: `${Tag} Ops`, path: `litwareinc.com/${Tag} Ops/` } });
  await db.pinPolicy.create({ data: { identity: `tag:${Tag} Contractors`, scope: 'user' } });
  await db.pinPolicy.create({ data: { identity: `site:${Tag} Redmond`, scope: 'site' } });
});

describe('filter value suggestions', () => {
  it('lists each value once, in case-insensitive order, whatever case is typed', async () => {
    expect(await values('department', `${tag.toUpperCase()} F`)).toEqual([`${Tag} Finance`, `${tag} finance`]);
    // Code point order of the lower-cased values (space, then _, then letters) on both engines.
    expect(await values('department', tag)).toEqual([`${Tag} Finance`, `${tag} finance`, `${Tag} Sales`, `${tag}_x`, `${tag}ax`]);
    // Spaces around the typed text are ignored, as the search ignores them.
    expect(await values('department', `  ${tag} s `)).toEqual([`${Tag} Sales`]);
    expect(await values('title', tag)).toEqual([`${Tag} Analyst`]);
  });

  it('takes % and _ literally, and stops at the limit', async () => {
    expect(await values('department', `${tag}_`)).toEqual([`${tag}_x`]);
    expect(await values('department', `${tag}%`)).toEqual([]);
    expect(await values('department', tag, 2)).toEqual([`${Tag} Finance`, `${tag} finance`]);
  });

  it('never suggests an empty value', async () => {
    expect(await values('city', tag)).toEqual([`${Tag} Dublin`]);
    expect(await values('city', '', 10_000)).not.toContain('');
  });

  it('suggests sites, OUs by name or DN, and per-user PIN policies by name or identity', async () => {
    expect(await values('site', tag)).toEqual([`${Tag} Redmond`]);
    expect(await values('ou', tag)).toEqual([`OU=${Tag} Ops,DC=litwareinc,DC=com`]);
    expect(await values('ou', `ou=${tag}`)).toEqual([`OU=${Tag} Ops,DC=litwareinc,DC=com`]);
    expect(await values('pinPolicy', tag)).toEqual([`tag:${Tag} Contractors`]);
    expect(await values('pinPolicy', `TAG:${tag}`)).toEqual([`tag:${Tag} Contractors`]);
  });
});
