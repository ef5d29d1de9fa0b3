'use client';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useMemo, useState, useTransition } from 'react';
import { MenuButton, type MenuItem } from '@/components/ui/menu-button';
import type { SavedQueryView } from '@/lib/users/users-service';
import type { UserSearchResult } from '@/lib/users/search-result';
import { lockChangeMessage } from '@/lib/pin/messages';
import { userPageHref } from '@/lib/users/back-to-users';
import { userKeys } from '@/lib/users/query-keys';
import { MAX_USERS_LIMIT, parseUserSearch, searchOrder, userSearchToParams, type SortColumn, type UserSearch } from '@/lib/users/search-params';
import * as actions from '@/app/(admin)/users/actions';
import { ResultsTable } from './results-table';
import { SavedQueries } from './saved-queries';
import { SearchForm } from './search-form';
import { useUserSelection } from './use-user-selection';
import { UserActionMenu, type UserActionPermissions } from './user-action-menu';
import { UsersDialogs, type UsersDialog } from './users-dialogs';

type SearchResponse = UserSearchResult & { problems: string[] };

async function fetchUsers(params: string): Promise<SearchResponse> {
  const response = await fetch(`/api/v1/users?${params}`, { headers: { Accept: 'application/json' } });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.error ?? `The search failed (HTTP ${response.status}).`);
  return body;
}

/** Whether two query strings stand for the same search with the same notes (parameter order aside). */
function sameParsedSearch(a: string, b: string): boolean {
  return a === b || JSON.stringify(parseUserSearch(new URLSearchParams(a))) === JSON.stringify(parseUserSearch(new URLSearchParams(b)));
}

/**
 * The Users page (the Control Panel flow): search state lives in the URL; results come from
 * /api/v1/users through TanStack Query and refresh after every action without a reload.
 * It composes the search, the selection (use-user-selection.ts), the Action menu
 * (user-action-menu.tsx) and the dialogs (users-dialogs.tsx), and owns what they share:
 * the dialog open, the notice, and the transition behind "Working…".
 */
export function UsersWorkspace({
  initialParams,
  initialResult,
  savedQueries,
  grantablePolicies,
  orgUnits,
  permissions,
}: {
  initialParams: string;
  initialResult: SearchResponse;
  savedQueries: SavedQueryView[];
  grantablePolicies: string[];
  orgUnits: string[];
  permissions: UserActionPermissions;
}) {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const queryClient = useQueryClient();
  const params = searchParams.toString();
  const { search } = useMemo(() => parseUserSearch(new URLSearchParams(params)), [params]);
  const query = useQuery({
    queryKey: userKeys.search(params),
    queryFn: () => fetchUsers(params),
    // The server rebuilt its query from Next's searchParams, which groups repeated keys
    // (fp=a&fp=b&fo=…): compared as written, a search with two filters never matched and was
    // fetched again on every load. Same parsed search and notes: the server's result is this one.
    initialData: sameParsedSearch(params, initialParams) ? initialResult : undefined,
    placeholderData: (previous) => previous,
  });
  const [dialog, setDialog] = useState<UsersDialog>(null);
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, startTransition] = useTransition();
  const selection = useUserSelection({ search, startTransition, onError: (text) => setNotice({ ok: false, text }) });
  const { selected, selectedIds } = selection;

  const result = query.data;
  const rows = result?.rows ?? [];
  const go = (next: UserSearch) => router.push(`${pathname}?${userSearchToParams(next)}`);
  const refresh = () => queryClient.invalidateQueries({ queryKey: userKeys.all });

  /** Presets: show the users they stand for as a search, and select all of them. */
  const preset = (filters: UserSearch['filters']) => {
    const next: UserSearch = { q: '', filters, max: MAX_USERS_LIMIT, page: 1 };
    go(next);
    selection.selectAllOf(next);
  };
  const presetItems: MenuItem[] = [
    { label: 'All users in an OU', onSelect: () => setDialog({ kind: 'ouPreset' }) },
    { label: 'Users without a PIN', onSelect: () => preset([{ property: 'isPinSet', operator: 'eq', value: 'False' }]) },
  ];

  const runLock = (change: 'lock' | 'unlock') =>
    startTransition(async () => {
      const response = await (change === 'lock' ? actions.lockPinAction : actions.unlockPinAction)({ userIds: selectedIds });
      setNotice(response.ok ? { ok: true, text: lockChangeMessage(change, response.data) } : { ok: false, text: response.message });
      await refresh();
    });

  const pageHref = (page: number) => `${pathname}?${userSearchToParams({ ...search, page })}`;
  // A header click sorts by its column ascending, or turns the current column's order; back to page 1.
  const { sort, order } = searchOrder(search);
  const sortBy = (column: SortColumn) => go({ ...search, page: 1, sort: column, order: column === sort && order === 'asc' ? 'desc' : 'asc' });
  const total = result?.total ?? 0;

  return (
    <div className="space-y-4">
      <SearchForm key={params} initial={search} onSearch={go} />
      {(result?.problems ?? []).map((p) => (
        <p key={p} role="status" className="text-sm text-amber-800">
          {p}
        </p>
      ))}
      <div className="flex flex-wrap items-center gap-2">
        <UserActionMenu
          permissions={permissions}
          selectedIds={selectedIds}
          rows={rows}
          bulkSelection={selection.bulkSelection}
          onOpen={setDialog}
          onLock={runLock}
        />
        <MenuButton label="Presets" items={presetItems} />
        <SavedQueries
          current={search}
          initial={savedQueries}
          actions={{ save: actions.saveQueryAction, remove: actions.deleteQueryAction, importFile: actions.importQueriesAction }}
          onOpen={go}
        />
        <p aria-live="polite" className={`text-sm ${notice?.ok ? 'text-green-800' : 'text-red-700'}`}>
          {pending ? 'Working…' : notice?.text}
        </p>
      </div>
      {query.isError ? (
        <p role="alert" className="text-red-700">
          {(query.error as Error).message}
        </p>
      ) : (
        <ResultsTable
          rows={rows}
          selected={selected}
          onToggle={selection.toggle}
          onSelectOnly={selection.selectOnly}
          userHref={(id) => userPageHref(id, params)}
          allSelected={selection.selectingAll || (total > 0 && selected.size >= total)}
          onSelectAll={(checked) => (checked ? selection.selectAllOf(search) : selection.clear())}
          total={total}
          truncated={result?.truncated ?? false}
          max={search.max}
          page={result?.page ?? 1}
          pages={result?.pages ?? 1}
          pageHref={pageHref}
          sort={{ column: sort, order }}
          onSort={sortBy}
          busy={query.isFetching && !result}
        />
      )}
      <UsersDialogs
        dialog={dialog}
        grantablePolicies={grantablePolicies}
        orgUnits={orgUnits}
        onClose={() => setDialog(null)}
        onChanged={refresh}
        onAssigned={(text) => {
          setDialog(null);
          setNotice({ ok: true, text });
          void refresh();
        }}
        onJobStarted={(jobId) => router.push(`/jobs/${jobId}`)}
        onChooseOu={(dn) => {
          setDialog(null);
          preset([{ property: 'ou', operator: 'eq', value: dn }]);
        }}
      />
    </div>
  );
}
