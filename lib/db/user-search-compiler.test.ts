/**
 * The query-plan choices of the compiled search, per engine. Which rows the statements select
 * is checked against the Prisma oracle in tests/integration/user-search.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { userFilterTree } from '../users/filter-tree';
import type { UserSearch } from '../users/search-params';
import { compileIdsQuery, compilePageQuery, firstMode } from './user-search-compiler';

// A statement's `.sql` has SQLite's `?` placeholders, its `.text` PostgreSQL's `$n`.
const page = (provider: 'sqlite' | 'postgresql', search: Pick<UserSearch, 'q' | 'filters'>, mode = firstMode(userFilterTree(search))) =>
  compilePageQuery(provider, { tree: userFilterTree(search), now: 1000, mode, countLimit: 201, skip: 0, take: 50 });

describe('the user search compiler', () => {
  it('writes a text prefix as a range on SQLite (its LIKE cannot use the indexes) and as LIKE on PostgreSQL', () => {
    const sqlite = page('sqlite', { q: 'Ken', filters: [] });
    expect(sqlite.sql).toContain('(u.display_name_key >= ? AND u.display_name_key < ?)');
    expect(sqlite.values.slice(0, 2)).toEqual(['ken', 'keo']);
    const postgresql = page('postgresql', { q: 'Ken', filters: [] });
    expect(postgresql.text).toContain('u.display_name_key LIKE $1');
    expect(postgresql.values[0]).toBe('ken%');
  });

  it('keeps the walked text off the indexes on SQLite (+column) and collects it through them', () => {
    expect(page('sqlite', { q: 'ken', filters: [] }, 'walk').sql).toContain('+u.display_name_key >= ?');
    expect(page('sqlite', { q: 'ken', filters: [] }, 'collect').sql).toMatch(
      /^WITH text_matches AS MATERIALIZED \(SELECT u\.id FROM directory_user u WHERE \(\(u\.display_name_key >= \?/,
    );
  });

  it('escapes the user’s %, _ and \\ in every LIKE, with ESCAPE on SQLite only', () => {
    const sqlite = page('sqlite', { q: '', filters: [{ property: 'title', operator: 'contains', value: '5%_\\' }] });
    expect(sqlite.sql).toContain("u.title_key LIKE ? ESCAPE '\\'");
    expect(sqlite.values).toContain('%5\\%\\_\\\\%');
    const postgresql = page('postgresql', { q: '', filters: [{ property: 'title', operator: 'contains', value: '5%' }] });
    expect(postgresql.text).toContain('u.title_key LIKE $1');
    expect(postgresql.text).not.toContain('ESCAPE');
  });

  it('compares department, title, office and city through their lower-case keys (case-insensitive, indexed)', () => {
    const sqlite = page('sqlite', { q: '', filters: [{ property: 'department', operator: 'eq', value: 'FINANCE' }] });
    expect(sqlite.sql).toContain('u.department_key = ?');
    expect(sqlite.values).toContain('finance');
    const postgresql = page('postgresql', { q: '', filters: [{ property: 'city', operator: 'startsWith', value: 'Red' }] });
    expect(postgresql.text).toContain('u.city_key LIKE $1');
    expect(postgresql.values).toContain('red%');
  });

  it.each([
    ['+1 (425) 555-0100', 'u.line_digits_reversed LIKE', '00105555241%'],
    ['100', 'u.extension =', '100'],
    ['litwareinc\\kenmyer', 'u.domain_key =', 'litwareinc'],
    ['KenMyer@litwareinc.com', 'u.upn_key LIKE', 'kenmyer@litwareinc.com%'],
  ])('adds the caller form of %j as its own indexed arm', (q, arm, value) => {
    const { text, values } = page('postgresql', { q, filters: [] });
    expect(text).toContain(arm);
    expect(values).toContain(value);
  });

  it('compares a walked extension off its index on SQLite, like the other text arms', () => {
    expect(page('sqlite', { q: '100', filters: [] }, 'walk').sql).toContain('+u.extension = ?');
  });

  it('reads a relation’s ids as an array on PostgreSQL and with IN on SQLite', () => {
    const filters = [{ property: 'site', operator: 'startsWith', value: 'Red' }] as const;
    expect(page('postgresql', { q: '', filters: [...filters] }).text).toContain('u.site_id = ANY (ARRAY(SELECT r.id FROM site r WHERE r.name ILIKE $1))');
    expect(page('sqlite', { q: '', filters: [...filters] }).sql).toContain("u.site_id IN (SELECT r.id FROM site r WHERE r.name LIKE ? ESCAPE '\\')");
  });

  it('writes a false IsPinSet / IsLockedOut as NOT EXISTS, which the planners estimate properly', () => {
    const { text } = page('postgresql', { q: '', filters: [{ property: 'isPinSet', operator: 'eq', value: 'False' }] });
    expect(text).toContain('NOT EXISTS (SELECT 1 FROM pin_state s WHERE s.user_id = u.id AND s.pin_hash IS NOT NULL)');
  });

  it('sorts by display name either way along its index, and by another column before the display order', () => {
    const tree = userFilterTree({ q: '', filters: [] });
    const desc = compilePageQuery('postgresql', {
      tree,
      now: 0,
      mode: 'walk',
      countLimit: 201,
      skip: 0,
      take: 50,
      order: { sort: 'displayName', order: 'desc' },
    });
    expect(desc.text).toContain('ORDER BY m.display_name_key DESC, m.id DESC LIMIT');
    expect(desc.text).not.toContain('sort_key');
    const department = compileIdsQuery('sqlite', { tree, now: 0, mode: 'walk', max: 10, order: { sort: 'department', order: 'asc' } });
    expect(department.sql).toContain('u.department_key AS sort_key');
    expect(department.sql).toContain('ORDER BY m.sort_key, m.display_name_key, m.id LIMIT ?');
  });

  it('guards a collected page by the number collected and reads ids in display order', () => {
    const tree = userFilterTree({ q: 'ken', filters: [] });
    const { sql } = compileIdsQuery('sqlite', { tree, now: 0, mode: 'collect', max: 10 });
    expect(sql).toContain('WHERE (SELECT COUNT(*) FROM text_matches) < ? ORDER BY m.display_name_key, m.id LIMIT ?');
  });
});
