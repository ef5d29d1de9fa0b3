/** The Cancel + submit row at the bottom of every form dialog. */
export function DialogFooter({ submitLabel, pending, onCancel }: { submitLabel: string; pending: boolean; onCancel: () => void }) {
  return (
    <div className="flex justify-end gap-2">
      <button type="button" onClick={onCancel} className="rounded border border-slate-300 px-4 py-2">
        Cancel
      </button>
      <button type="submit" disabled={pending} className="rounded bg-brand-600 px-4 py-2 text-white disabled:opacity-60">
        {submitLabel}
      </button>
    </div>
  );
}
