'use client';
import { useEffect, useState } from 'react';

/**
 * "Copy" beside a shown PIN: puts it on the clipboard and says "Copied" where it can be seen
 * and heard. The PIN goes only to the clipboard: never to a log, a message or the console.
 */
export function CopyPinButton({ pin }: { pin: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state !== 'copied') return;
    const timer = setTimeout(() => setState('idle'), 4000);
    return () => clearTimeout(timer);
  }, [state]);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(pin);
      setState('copied');
    } catch {
      // No clipboard (an insecure origin, or permission refused): the PIN stays on screen to copy by hand.
      setState('failed');
    }
  };
  return (
    <span className="inline-flex items-center gap-2">
      <button type="button" onClick={copy} className="rounded border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-100">
        Copy
      </button>
      <span role="status" className={`text-sm ${state === 'failed' ? 'text-red-700' : 'text-green-800'}`}>
        {state === 'copied' ? 'Copied' : state === 'failed' ? 'Could not copy; select the PIN and copy it by hand.' : ''}
      </span>
    </span>
  );
}
