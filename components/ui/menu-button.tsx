'use client';
import { useEffect, useId, useRef, useState } from 'react';

export type MenuItem = { label: string; onSelect: () => void; disabled?: boolean; hint?: string };

/**
 * A button that opens a menu (WAI-ARIA menu button): arrow keys move, Enter/Space choose,
 * Escape closes and returns focus to the button. Choosing an item also puts focus back on the
 * button before the item runs, so a dialog the item opens returns focus there when it closes.
 */
export function MenuButton({ label, items }: { label: string; items: MenuItem[] }) {
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const itemRefs = useRef<(HTMLButtonElement | null)[]>([]);
  const menuId = useId();

  useEffect(() => {
    if (open) itemRefs.current[active]?.focus();
  }, [open, active]);

  useEffect(() => {
    if (!open) return;
    const close = (event: MouseEvent) => {
      if (!buttonRef.current?.parentElement?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [open]);

  const choose = (item: MenuItem) => {
    if (item.disabled) return;
    setOpen(false);
    buttonRef.current?.focus();
    item.onSelect();
  };

  return (
    <div className="relative inline-block">
      <button
        ref={buttonRef}
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={menuId}
        onClick={() => {
          setActive(0);
          setOpen((o) => !o);
        }}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown') {
            event.preventDefault();
            setActive(0);
            setOpen(true);
          }
        }}
        className="rounded border border-slate-300 bg-white px-3 py-2 text-sm font-medium hover:bg-slate-100"
      >
        {label} ▾
      </button>
      {open && (
        <ul
          id={menuId}
          role="menu"
          aria-label={label}
          className="absolute left-0 z-20 mt-1 min-w-52 rounded border border-slate-200 bg-white py-1 shadow-lg"
          onKeyDown={(event) => {
            if (event.key === 'Escape') {
              event.preventDefault();
              setOpen(false);
              buttonRef.current?.focus();
            } else if (event.key === 'ArrowDown') {
              event.preventDefault();
              setActive((a) => (a + 1) % items.length);
            } else if (event.key === 'ArrowUp') {
              event.preventDefault();
              setActive((a) => (a - 1 + items.length) % items.length);
            } else if (event.key === 'Tab') {
              setOpen(false);
            }
          }}
        >
          {items.map((item, index) => (
            <li key={item.label} role="none">
              <button
                ref={(el) => {
                  itemRefs.current[index] = el;
                }}
                type="button"
                role="menuitem"
                aria-disabled={item.disabled || undefined}
                title={item.hint}
                tabIndex={index === active ? 0 : -1}
                onClick={() => choose(item)}
                className={`block w-full px-3 py-2 text-left text-sm ${item.disabled ? 'cursor-not-allowed text-slate-400' : 'hover:bg-brand-50'}`}
              >
                {item.label}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
