'use client';
import { useRouter } from 'next/navigation';
import { useId, useState, useTransition } from 'react';
import type { ImportPreview } from '@/lib/directory/directory-service';
import { syncSummary } from '@/lib/directory/sync-summary';
import { ProblemsTable } from './problems-table';
import { SyncRunProgress } from './sync-run-progress';

/** The largest export file taken (the server refuses larger ones too). */
const MAX_FILE_BYTES = 50 * 1024 * 1024;

async function postImport(file: File, options: { whatIf: boolean; domain: string }) {
  const query = new URLSearchParams({ ...(options.whatIf ? { whatIf: 'true' } : {}), ...(options.domain ? { domain: options.domain } : {}) });
  const response = await fetch(`/api/v1/directory/import?${query}`, { method: 'POST', headers: { 'Content-Type': 'text/csv' }, body: file });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.error ?? `The server refused the file (HTTP ${response.status}).`);
  return body;
}

/**
 * "Import from file": a `Get-CsUser | Export-Csv` file from the Skype for Business server →
 * a preview (the file's encoding and rows, every problem by line, what the import would do;
 * nothing written) → "Import", which runs as a sync of the import source with a progress bar.
 */
export function ImportPanel() {
  const router = useRouter();
  const id = useId();
  const [file, setFile] = useState<File | null>(null);
  const [domain, setDomain] = useState('');
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [runId, setRunId] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  const choose = (chosen: File | null) => {
    setPreview(null);
    setRunId(null);
    setMessage(
      chosen && chosen.size > MAX_FILE_BYTES ? `The file is ${(chosen.size / 1048576).toFixed(1)} MiB; the largest taken is 50 MiB. Export per OU.` : null,
    );
    setFile(chosen && chosen.size <= MAX_FILE_BYTES ? chosen : null);
  };
  const send = (whatIf: boolean) =>
    startTransition(async () => {
      if (!file) return setMessage('Choose the export file first.');
      setMessage(null);
      try {
        const body = await postImport(file, { whatIf, domain: domain.trim() });
        if (whatIf) setPreview(body as ImportPreview);
        else {
          setPreview(null);
          setRunId((body as { runId: string }).runId);
          router.refresh();
        }
      } catch (error) {
        setMessage(error instanceof Error ? error.message : 'The file could not be sent.');
      }
    });

  return (
    <section aria-labelledby={`${id}-heading`} className="space-y-3 rounded border border-slate-200 bg-white p-4">
      <h2 id={`${id}-heading`} className="font-semibold">
        Import from file
      </h2>
      <p className="text-sm text-slate-600">
        On the Skype for Business server, run <code>Get-CsUser | Export-Csv users.csv -Encoding UTF8</code>, then choose the file here. An import adds and
        updates users; it never removes anyone.
      </p>
      <div className="flex flex-wrap items-end gap-3">
        <div>
          <label htmlFor={`${id}-file`} className="block text-sm font-medium text-slate-700">
            Export file (CSV)
          </label>
          <input id={`${id}-file`} type="file" accept=".csv,text/csv" onChange={(e) => choose(e.target.files?.[0] ?? null)} className="mt-1 text-sm" />
        </div>
        <div>
          <label htmlFor={`${id}-domain`} className="block text-sm font-medium text-slate-700">
            NetBIOS domain (optional)
          </label>
          <input
            id={`${id}-domain`}
            value={domain}
            maxLength={15}
            onChange={(e) => {
              // The preview was for the old domain: Import must not run with one never previewed.
              setDomain(e.target.value);
              setPreview(null);
            }}
            className="mt-1 w-40 rounded border border-slate-300 px-2 py-1.5"
          />
        </div>
        <button
          type="button"
          disabled={pending || !file}
          onClick={() => send(true)}
          className="rounded border border-slate-300 bg-white px-3 py-1.5 disabled:opacity-60"
        >
          Import from file
        </button>
      </div>
      <p role="status" aria-live="polite" className="text-sm text-red-700">
        {message}
      </p>
      {preview && (
        <div className="space-y-2 rounded border border-sky-200 bg-sky-50 p-3">
          <p className="font-medium">Preview: {syncSummary(preview.result.counts)}</p>
          <p className="text-sm text-slate-700">
            {preview.rows.toLocaleString('en-US')} rows ({preview.encoding}
            {preview.typeName ? `, ${preview.typeName}` : ''}); {preview.entries.toLocaleString('en-US')} can be imported,{' '}
            {preview.problems.toLocaleString('en-US')} cannot.
            {preview.columns.ignored.length > 0 && ` Columns not used: ${preview.columns.ignored.join(', ')}.`}
          </p>
          {preview.warnings.map((warning, i) => (
            <p key={i} className="text-sm text-amber-800">
              {warning}
            </p>
          ))}
          <ProblemsTable problems={preview.result.problems} total={preview.result.counts.skipped} caption="Rows that will not be imported" />
          <p className="text-sm text-slate-700">Nothing has been imported yet.</p>
          <button type="button" disabled={pending} onClick={() => send(false)} className="rounded bg-brand-600 px-4 py-2 text-white disabled:opacity-60">
            Import
          </button>
        </div>
      )}
      {runId && <SyncRunProgress runId={runId} />}
    </section>
  );
}
