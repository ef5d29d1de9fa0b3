'use client';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import type { ActionResult } from '@/lib/actions/result';

type Action = (input: { userIds: string[] }) => Promise<ActionResult<{ count: number }>>;

/** Lock PIN / Unlock PIN for one user, with the outcome announced. */
export function LockButtons({ userId, isLocked, lockAction, unlockAction }: { userId: string; isLocked: boolean; lockAction: Action; unlockAction: Action }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const run = (action: Action, done: string) =>
    startTransition(async () => {
      const result = await action({ userIds: [userId] });
      setMessage(result.ok ? { ok: true, text: done } : { ok: false, text: result.message });
      if (result.ok) router.refresh();
    });
  return (
    <div className="flex flex-wrap items-center gap-2">
      {isLocked ? (
        <button
          type="button"
          disabled={pending}
          onClick={() => run(unlockAction, 'The PIN was unlocked.')}
          className="rounded bg-brand-600 px-3 py-1.5 text-white disabled:opacity-60"
        >
          Unlock PIN
        </button>
      ) : (
        <button
          type="button"
          disabled={pending}
          onClick={() => run(lockAction, 'The PIN was locked.')}
          className="rounded border border-slate-300 px-3 py-1.5 disabled:opacity-60"
        >
          Lock PIN
        </button>
      )}
      <p aria-live="polite" className={`text-sm ${message?.ok ? 'text-green-800' : 'text-red-700'}`}>
        {message?.text}
      </p>
    </div>
  );
}
