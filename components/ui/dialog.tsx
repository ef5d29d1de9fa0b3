'use client';
import { useEffect, useId, useRef, type ReactNode } from 'react';
import { MAIN_CONTENT_ID } from './skip-link';

/**
 * A modal dialog on the native <dialog> element: focus moves into it, Escape closes it,
 * the rest of the page is inert while it is open. When it closes (Esc, Cancel, Close, OK, or
 * its owner unmounting it) focus goes back to the control that had it when it opened: the
 * dialog is usually unmounted rather than closed, which the browser's own return of focus
 * does not cover, and a keyboard user would otherwise start again from the top of the page.
 * When that control can no longer take focus (the action disabled it, e.g. Delete once its
 * selection is gone, or removed it), focus goes to `returnFocus` if given, else to the page's
 * main content, rather than falling to <body>.
 */
export function Dialog({
  open,
  title,
  onClose,
  returnFocus,
  children,
}: {
  open: boolean;
  title: string;
  onClose: () => void;
  /** Where focus goes when the opener cannot take it back; the main content by default. */
  returnFocus?: () => HTMLElement | null;
  children: ReactNode;
}) {
  const returnFocusRef = useRef(returnFocus);
  useEffect(() => {
    returnFocusRef.current = returnFocus;
  });
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog || !open) return;
    const opener = document.activeElement instanceof HTMLElement && document.activeElement !== document.body ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    return () => {
      if (dialog.open) dialog.close();
      // Escape closes a native dialog before React unmounts it, and the browser has already put
      // focus back on the opener: a quick keyboard user may have moved on (opened the Action
      // menu again) by the time this runs, and taking focus back would strand them.
      if (focusWasLost(dialog)) restoreFocus(opener, returnFocusRef.current);
    };
  }, [open]);
  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      onClose={onClose}
      className="m-auto w-[min(36rem,calc(100vw-2rem))] rounded-lg border border-slate-200 p-0 shadow-xl backdrop:bg-slate-900/40"
    >
      {open && (
        <div className="p-5">
          <h2 id={titleId} className="mb-4 text-lg font-semibold">
            {title}
          </h2>
          {children}
        </div>
      )}
    </dialog>
  );
}

/** Whether focus is nowhere (the page), gone with the dialog's content, or still inside it. */
function focusWasLost(dialog: HTMLDialogElement): boolean {
  const active = document.activeElement;
  return !active || active === document.body || !active.isConnected || dialog.contains(active);
}

/** Focus the opener if it still takes focus; otherwise the fallback, then the main content. */
function restoreFocus(opener: HTMLElement | null, fallback: (() => HTMLElement | null) | undefined) {
  if (opener?.isConnected) {
    opener.focus();
    if (document.activeElement === opener) return;
  }
  const target = fallback?.() ?? document.getElementById(MAIN_CONTENT_ID);
  target?.focus();
}
