'use client';
import { useState, useTransition } from 'react';
import type { ActionResult } from '@/lib/actions/result';
import type { ChainVerdict } from '@/lib/audit/verify';

export function VerifyChainButton({ action }: { action: (input: object) => Promise<ActionResult<ChainVerdict>> }) {
  const [verdict, setVerdict] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <div className="flex flex-wrap items-center gap-3">
      <button
        type="button"
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            const result = await action({});
            if (!result.ok) return setVerdict({ ok: false, text: result.message });
            const v = result.data;
            setVerdict(
              v.ok
                ? {
                    ok: true,
                    text: `The audit trail is intact: ${v.checked.toLocaleString('en-US')} events checked.${v.plainThrough ? ` Events up to #${v.plainThrough} were written before the chain was keyed.` : ''}`,
                  }
                : {
                    ok: false,
                    text:
                      v.brokenAt === null
                        ? `The audit trail could not be verified: ${v.reason}.`
                        : `The audit trail is broken at event #${v.brokenAt}: ${v.reason}.`,
                  },
            );
          })
        }
        className="rounded border border-slate-300 bg-white px-3 py-2 text-sm disabled:opacity-60"
      >
        {pending ? 'Verifying…' : 'Verify chain'}
      </button>
      <p role="status" aria-live="polite" className={`text-sm ${verdict?.ok ? 'text-green-800' : 'text-red-700'}`}>
        {verdict?.text}
      </p>
    </div>
  );
}
