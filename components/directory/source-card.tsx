'use client';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { previewSyncAction, startSyncAction, testConnectionAction } from '@/app/(admin)/directory/actions';
import type { SourceWithRuns, SyncResult } from '@/lib/directory/directory-service';
import { syncSummary } from '@/lib/directory/sync-summary';
import { formatTime } from '@/lib/format/time';
import { ProblemsTable } from './problems-table';
import { SyncRunProgress } from './sync-run-progress';

const kindWords = { ldap: 'LDAP / Active Directory', import: 'Skype for Business import', demo: 'Demo directory' } as const;

/**
 * One source: what it is, its latest sync, and for an LDAP source "Test connection",
 * "Preview sync" (a WhatIf: counts and the entries it would skip, nothing changed), "Sync
 * now" (changes since the last run; the first is full) and "Full sync".
 */
export function SourceCard({ source, onEdit }: { source: SourceWithRuns; onEdit: () => void }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [preview, setPreview] = useState<SyncResult | null>(null);
  const [runId, setRunId] = useState<string | null>(source.latestRun?.status === 'running' ? source.latestRun.id : null);
  const syncable = source.kind === 'ldap';
  const expected = source.latestRun && source.latestRun.kind === 'full' && source.latestRun.status === 'succeeded' ? source.latestRun.read : undefined;

  const test = () =>
    startTransition(async () => {
      setMessage({ ok: true, text: 'Testing the connection…' });
      const result = await testConnectionAction({ sourceId: source.id });
      if (!result.ok) return setMessage({ ok: false, text: result.message });
      setMessage({ ok: result.data.ok, text: result.data.message });
    });
  const previewSync = () =>
    startTransition(async () => {
      setMessage({ ok: true, text: 'Reading the directory for the preview…' });
      setPreview(null);
      const result = await previewSyncAction({ sourceId: source.id });
      if (!result.ok) return setMessage({ ok: false, text: result.message });
      if (result.data.status === 'failed') return setMessage({ ok: false, text: result.data.message });
      setMessage(null);
      setPreview(result.data);
    });
  const sync = (full: boolean) =>
    startTransition(async () => {
      setMessage(null);
      setPreview(null);
      const result = await startSyncAction({ sourceId: source.id, full });
      if (!result.ok) return setMessage({ ok: false, text: result.message });
      setRunId(result.data.runId);
      router.refresh();
    });

  const button = 'rounded border border-slate-300 bg-white px-3 py-1.5 text-sm disabled:opacity-60';
  return (
    <section aria-label={source.name} className="space-y-3 rounded border border-slate-200 bg-white p-4">
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div>
          <h2 className="font-semibold">{source.name}</h2>
          <p className="text-sm text-slate-600">
            {kindWords[source.kind]} · {source.settingsSummary}
          </p>
          <p className="text-sm text-slate-600">
            {source.fromEnvironment && <span className="mr-2 rounded bg-slate-100 px-1.5 py-0.5 text-xs">From DIRECTORY_LDAP_* settings (read-only)</span>}
            {syncable && (source.syncIntervalMinutes > 0 ? `Syncs every ${source.syncIntervalMinutes} minutes` : 'Syncs only when asked')}
            {syncable && ` · removed users are deprovisioned after ${source.removalGraceHours} hours`}
            {source.latestRun && ` · last sync ${formatTime(source.latestRun.startedAt)} (${source.latestRun.status})`}
          </p>
        </div>
        {syncable && (
          <div className="flex flex-wrap gap-2">
            <button type="button" className={button} disabled={pending} onClick={test}>
              Test connection
            </button>
            <button type="button" className={button} disabled={pending} onClick={previewSync}>
              Preview sync
            </button>
            <button
              type="button"
              className="rounded bg-brand-600 px-3 py-1.5 text-sm text-white disabled:opacity-60"
              disabled={pending}
              onClick={() => sync(false)}
            >
              Sync now
            </button>
            <button type="button" className={button} disabled={pending} onClick={() => sync(true)}>
              Full sync
            </button>
            {!source.fromEnvironment && (
              <button type="button" className={button} onClick={onEdit}>
                Edit
              </button>
            )}
          </div>
        )}
      </div>
      <p role="status" aria-live="polite" className={`text-sm ${message?.ok ? 'text-slate-700' : 'text-red-700'}`}>
        {message?.text}
      </p>
      {preview && (
        <div className="space-y-2 rounded border border-sky-200 bg-sky-50 p-3">
          <p className="font-medium">Preview: {syncSummary(preview.counts)}</p>
          <p className="text-sm text-slate-700">Nothing was changed. Sync now applies what the directory holds then.</p>
          <ProblemsTable problems={preview.problems} total={preview.counts.skipped} caption="Entries the sync would skip" />
        </div>
      )}
      {runId && <SyncRunProgress runId={runId} expected={expected} />}
    </section>
  );
}
