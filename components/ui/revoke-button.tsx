'use client';

/** "Revoke" in a table row, after the browser's confirmation (bridge keys, API tokens). */
export function RevokeButton({ label, confirmText, disabled, onRevoke }: { label: string; confirmText: string; disabled: boolean; onRevoke: () => void }) {
  return (
    <button
      type="button"
      aria-label={label}
      disabled={disabled}
      onClick={() => {
        if (window.confirm(confirmText)) onRevoke();
      }}
      className="rounded border border-slate-300 px-2 py-1"
    >
      Revoke
    </button>
  );
}
