import { useState, type TransitionStartFunction } from 'react';
import type { BulkSelection } from '@/lib/jobs/bulk-request';
import { canonicalUserSearch, type UserSearch } from '@/lib/users/search-params';
import * as actions from '@/app/(admin)/users/actions';

/** What is selected, for which search (canonicalUserSearch), and whether it is the search's whole result set (then a job takes the search). */
type Selection = { searchKey: string; ids: Set<string>; all: boolean };

/**
 * The users checked on the Users page, for the search shown: a new search starts with
 * nothing selected. "Select all" fetches the ids of every match, and marks the selection as
 * the whole search, so a bulk job takes the search rather than the ids.
 */
export function useUserSelection({
  search,
  startTransition,
  onError,
}: {
  search: UserSearch;
  /** The workspace's transition, so "Working…" shows while the ids are fetched. */
  startTransition: TransitionStartFunction;
  onError: (message: string) => void;
}) {
  // The URL's own order of parameters is not the app's: the selection is keyed by the canonical form.
  const searchKey = canonicalUserSearch(search);
  const [selection, setSelection] = useState<Selection>({ searchKey, ids: new Set(), all: false });
  const current = selection.searchKey === searchKey ? selection : { searchKey, ids: new Set<string>(), all: false };
  // Checked at once while the ids of every match are fetched.
  const [selectingAll, setSelectingAll] = useState(false);

  const selected = current.ids;
  const selectedIds = [...selected];
  const setSelected = (ids: Set<string>) => setSelection({ searchKey, ids, all: false });

  /** Selects every user of `next` (a search), fetching their ids; the job will take the search itself. */
  const selectAllOf = (next: UserSearch) => {
    const nextKey = canonicalUserSearch(next);
    setSelectingAll(true);
    startTransition(async () => {
      const response = await actions.selectAllAction({ ...next, page: 1 });
      if (response.ok) setSelection({ searchKey: nextKey, ids: new Set(response.data), all: true });
      else onError(response.message);
      setSelectingAll(false);
    });
  };

  const toggle = (id: string, checked: boolean) => {
    const next = new Set(selected);
    if (checked) next.add(id);
    else next.delete(id);
    setSelected(next);
  };

  const bulkSelection: BulkSelection = current.all ? { kind: 'search', search: { ...search, page: 1 } } : { kind: 'ids', ids: selectedIds };

  return {
    selected,
    selectedIds,
    selectingAll,
    bulkSelection,
    toggle,
    clear: () => setSelected(new Set()),
    selectOnly: (id: string) => setSelected(new Set([id])),
    selectAllOf,
  };
}
