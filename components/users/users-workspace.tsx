'use client';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useMemo, useState, useTransition } from 'react';
import { BulkJobDialog, type BulkJobActions } from '@/components/jobs/bulk-job-dialog';
import { PinStatusDialog } from '@/components/pin/pin-status-dialog';
import { SetPinDialog, type SetPinTarget } from '@/components/pin/set-pin-dialog';
import { MenuButton, type MenuItem } from '@/components/ui/menu-button';
import type { SavedQueryView } from '@/lib/db/saved-queries';
import type { UserSearchResult } from '@/lib/db/user-search';
import { userKeys } from '@/lib/users/query-keys';
import type { BulkSelection } from '@/lib/jobs/bulk-request';
import type { BulkKind } from '@/lib/pin/use-cases/bulk';
import { canonicalUserSearch, MAX_USERS_LIMIT, parseUserSearch, userSearchToParams, type UserSearch } from '@/lib/users/search-params';
import * as actions from '@/app/(admin)/users/actions';
import * as bulkActions from '@/app/(admin)/users/bulk-actions';
import { AssignPolicyDialog } from './assign-policy-dialog';
import { OuPresetDialog } from './ou-preset-dialog';
import { ResultsTable } from './results-table';
import { SavedQueries } from './saved-queries';
import { SearchForm } from './search-form';

type Permissions = { setPin: boolean; lock: boolean; grant: boolean };
type SearchResponse = UserSearchResult & { problems: string[] };
type Dialog =
  | { kind: 'status' | 'setPin'; user: SetPinTarget }
  | { kind: 'assign'; userIds: string[] }
  | { kind: 'bulk'; operation: BulkKind; selection: BulkSelection; count: number }
  | { kind: 'ouPreset' }
  | null;
/** What is selected, for which search (canonicalUserSearch), and whether it is the search's whole result set (then a job takes the search). */
type Selection = { searchKey: string; ids: Set<string>; all: boolean };

const bulk: BulkJobActions = { preview: bulkActions.previewBulkJobAction, start: bulkActions.startBulkJobAction };

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
  permissions: Permissions;
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
  // The URL's own order of parameters is not the app's: the selection is keyed by the canonical form.
  const searchKey = canonicalUserSearch(search);
  const [selection, setSelection] = useState<Selection>({ searchKey, ids: new Set(), all: false });
  // A new search starts with nothing selected.
  const current = selection.searchKey === searchKey ? selection : { searchKey, ids: new Set<string>(), all: false };
  const selected = current.ids;
  const setSelected = (ids: Set<string>) => setSelection({ searchKey, ids, all: false });
  const [dialog, setDialog] = useState<Dialog>(null);
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, startTransition] = useTransition();
  // Checked at once while the ids of every match are fetched.
  const [selectingAll, setSelectingAll] = useState(false);

  const result = query.data;
  const rows = result?.rows ?? [];
  const go = (next: UserSearch) => router.push(`${pathname}?${userSearchToParams(next)}`);
  const refresh = () => queryClient.invalidateQueries({ queryKey: userKeys.all });

  const selectedIds = [...selected];
  const single = selectedIds.length === 1 ? rows.find((r) => r.id === selectedIds[0]) : undefined;
  const needOne = single ? undefined : 'Select exactly one user on this page.';
  const needAny = selectedIds.length ? undefined : 'Select one or more users.';
  const many = selectedIds.length > 1;
  const bulkSelection: BulkSelection = current.all ? { kind: 'search', search: { ...search, page: 1 } } : { kind: 'ids', ids: selectedIds };
  const openBulk = (operation: BulkKind) => setDialog({ kind: 'bulk', operation, selection: bulkSelection, count: selectedIds.length });

  /** Selects every user of `next` (a search), fetching their ids; the job will take the search itself. */
  const selectAllOf = (next: UserSearch) => {
    const nextKey = canonicalUserSearch(next);
    setSelectingAll(true);
    startTransition(async () => {
      const response = await actions.selectAllAction({ ...next, page: 1 });
      if (response.ok) setSelection({ searchKey: nextKey, ids: new Set(response.data), all: true });
      else setNotice({ ok: false, text: response.message });
      setSelectingAll(false);
    });
  };
  /** Presets: show the users they stand for as a search, and select all of them. */
  const preset = (filters: UserSearch['filters']) => {
    const next: UserSearch = { q: '', filters, max: MAX_USERS_LIMIT, page: 1 };
    go(next);
    selectAllOf(next);
  };
  const presetItems: MenuItem[] = [
    { label: 'All users in an OU', onSelect: () => setDialog({ kind: 'ouPreset' }) },
    { label: 'Users without a PIN', onSelect: () => preset([{ property: 'isPinSet', operator: 'eq', value: 'False' }]) },
  ];

  const runLock = (action: typeof actions.lockPinAction, verb: string) =>
    startTransition(async () => {
      const response = await action({ userIds: selectedIds });
      setNotice(response.ok ? { ok: true, text: `${verb} the PIN of ${response.data.count.toLocaleString('en-US')} user${response.data.count === 1 ? '' : 's'}.` } : { ok: false, text: response.message });
      await refresh();
    });

  const items: MenuItem[] = [
    { label: 'View PIN status', disabled: !!needOne, hint: needOne, onSelect: () => single && setDialog({ kind: 'status', user: single }) },
    // One user: the single-user flows; several: a bulk job (WhatIf, then Confirm).
    ...(permissions.setPin
      ? [
          many
            ? { label: 'Set PIN', onSelect: () => openBulk('set-pin') }
            : { label: 'Set PIN', disabled: !!needOne, hint: needOne ?? undefined, onSelect: () => single && setDialog({ kind: 'setPin', user: single }) },
        ]
      : []),
    ...(permissions.lock
      ? [
          { label: 'Lock PIN', disabled: !!needAny, hint: needAny, onSelect: () => (many ? openBulk('lock') : runLock(actions.lockPinAction, 'Locked')) },
          { label: 'Unlock PIN', disabled: !!needAny, hint: needAny, onSelect: () => (many ? openBulk('unlock') : runLock(actions.unlockPinAction, 'Unlocked')) },
        ]
      : []),
    ...(permissions.grant
      ? [{ label: 'Assign policy', disabled: !!needAny, hint: needAny, onSelect: () => (many ? openBulk('assign-policy') : setDialog({ kind: 'assign', userIds: selectedIds })) }]
      : []),
  ];

  const pageHref = (page: number) => `${pathname}?${userSearchToParams({ ...search, page })}`;
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
        <MenuButton label="Action" items={items} />
        <MenuButton label="Presets" items={presetItems} />
        <SavedQueries current={search} initial={savedQueries} actions={{ save: actions.saveQueryAction, remove: actions.deleteQueryAction, importFile: actions.importQueriesAction }} onOpen={go} />
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
          onToggle={(id, checked) => {
            const next = new Set(selected);
            if (checked) next.add(id);
            else next.delete(id);
            setSelected(next);
          }}
          allSelected={selectingAll || (total > 0 && selected.size >= total)}
          onSelectAll={(checked) => (checked ? selectAllOf(search) : setSelected(new Set()))}
          total={total}
          truncated={result?.truncated ?? false}
          max={search.max}
          page={result?.page ?? 1}
          pages={result?.pages ?? 1}
          pageHref={pageHref}
          busy={query.isFetching && !result}
        />
      )}
      {dialog?.kind === 'status' && <PinStatusDialog user={dialog.user} statusAction={actions.pinStatusAction} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'setPin' && (
        <SetPinDialog target={dialog.user} setPinAction={actions.setPinAction} unlockAction={actions.unlockPinAction} onChanged={refresh} onClose={() => setDialog(null)} />
      )}
      {dialog?.kind === 'bulk' && (
        <BulkJobDialog
          kind={dialog.operation}
          selection={dialog.selection}
          count={dialog.count}
          policies={grantablePolicies}
          actions={bulk}
          onClose={() => setDialog(null)}
          onStarted={(jobId) => router.push(`/jobs/${jobId}`)}
        />
      )}
      {dialog?.kind === 'ouPreset' && (
        <OuPresetDialog
          orgUnits={orgUnits}
          onClose={() => setDialog(null)}
          onChoose={(dn) => {
            setDialog(null);
            preset([{ property: 'ou', operator: 'eq', value: dn }]);
          }}
        />
      )}
      {dialog?.kind === 'assign' && (
        <AssignPolicyDialog
          userIds={dialog.userIds}
          policies={grantablePolicies}
          assignAction={actions.assignPolicyAction}
          onClose={() => setDialog(null)}
          onDone={(text) => {
            setDialog(null);
            setNotice({ ok: true, text });
            void refresh();
          }}
        />
      )}
    </div>
  );
}
