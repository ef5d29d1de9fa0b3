'use client';
import { useId, useState, useTransition } from 'react';

/**
 * "I have saved the file — erase the PINs": the erase needs the SHA-256 of the downloaded
 * CSV (filled in after Download CSV, or pasted from `sha256sum`), so the PINs cannot be
 * erased by a click from someone who does not hold the file.
 */
export function EraseSavedPins({
  jobId,
  checksum,
  onChecksum,
  onErased,
}: {
  jobId: string;
  checksum: string;
  onChecksum: (value: string) => void;
  onErased: (text: string) => void;
}) {
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const inputId = useId();
  const errorId = useId();

  const erase = () =>
    startTransition(async () => {
      setError(null);
      const response = await fetch(`/api/v1/bulk-jobs/${encodeURIComponent(jobId)}/pins/erase`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ sha256: checksum }),
      }).catch(() => null);
      const body = await response?.json().catch(() => ({}));
      if (!response?.ok) {
        setError(body?.error ?? 'The server could not be reached: nothing was erased.');
        return;
      }
      onErased(`The ${Number(body.erased).toLocaleString('en-US')} PINs were erased from the server. Keep the file safe and give each user their PIN.`);
    });

  return (
    <form
      className="flex w-full flex-wrap items-end gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        erase();
      }}
    >
      <div className="flex min-w-0 flex-1 flex-col gap-1">
        <label htmlFor={inputId} className="text-sm font-medium">
          SHA-256 of the saved file
        </label>
        <input
          id={inputId}
          value={checksum}
          onChange={(e) => onChecksum(e.target.value)}
          spellCheck={false}
          autoComplete="off"
          aria-describedby={errorId}
          placeholder="Filled in after Download CSV, or paste what sha256sum prints"
          className="rounded border border-slate-300 px-3 py-2 font-mono text-xs"
        />
      </div>
      <button type="submit" disabled={pending || checksum.trim() === ''} className="rounded border border-red-300 px-4 py-2 text-red-800 disabled:opacity-60">
        I have saved the file — erase the PINs
      </button>
      <p id={errorId} aria-live="polite" className="w-full text-sm text-red-700">
        {error}
      </p>
    </form>
  );
}
