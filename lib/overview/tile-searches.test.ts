import { describe, expect, it } from 'vitest';
import { parseUserSearch } from '../users/search-params';
import { tileHref, tileSearch } from './tile-searches';

describe('tile searches', () => {
  it('links each tile to a Users search of enabled users that the page reads back unchanged', () => {
    expect(tileHref('locked.system', 3)).toBe('/users?fp=enabled&fo=eq&fv=True&fp=lockKind&fo=eq&fv=System');
    expect(tileHref('expiringSoon', 3)).toBe('/users?fp=enabled&fo=eq&fv=True&fp=pinExpiresWithinDays&fo=eq&fv=14');
    expect(tileHref('locked', 3)).toBe('/users?fp=enabled&fo=eq&fv=True&fp=lockKind&fo=isNotEmpty&fv=');
    for (const tile of ['enabledUsers', 'withPin', 'withoutPin', 'locked', 'locked.temporary', 'locked.admin', 'expired'] as const) {
      const { search, problems } = parseUserSearch(new URLSearchParams(tileHref(tile, 10).split('?')[1]));
      expect(problems).toEqual([]);
      expect(search).toEqual(tileSearch(tile, 10));
    }
  });

  it('raises Maximum users to display when the tile counts more than the default shows', () => {
    expect(tileSearch('withPin', 200).max).toBe(200);
    expect(tileSearch('withPin', 201).max).toBe(100_000);
    expect(tileHref('withPin', 5000)).toContain('max=100000');
  });
});
