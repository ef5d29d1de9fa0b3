'use client';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useId, useState } from 'react';
import { filterValuesAction } from '@/app/(admin)/users/filter-value-actions';
import { suggestionMatches, type SuggestedFilterProperty } from '@/lib/users/filter-value-suggestions';
import { userKeys } from '@/lib/users/query-keys';

/** Typing pauses this long before the suggestions are asked for again. */
const DEBOUNCE_MS = 150;

type Props = {
  property: SuggestedFilterProperty;
  value: string;
  onChange: (value: string) => void;
  disabled: boolean;
  placeholder?: string;
  className?: string;
};

/**
 * A filter clause's value field with the property's existing values as suggestions (the
 * WAI-ARIA combobox pattern, list autocomplete): typing narrows the list, Down/Up move through
 * it, Enter takes the active value, Esc closes it. Free text is still allowed: Enter with no
 * active value submits the search as typed.
 */
export function FilterValueCombobox({ property, value, onChange, disabled, placeholder, className }: Props) {
  const listId = useId();
  const [open, setOpen] = useState(false);
  // The active option by value: the list may change under it while the user types.
  const [activeValue, setActiveValue] = useState<string | null>(null);
  const prefix = useDebounced(value, DEBOUNCE_MS);
  const query = useQuery({
    queryKey: userKeys.filterValues(property, prefix),
    queryFn: async () => {
      const result = await filterValuesAction({ property, prefix });
      // No suggestions is not an error for the field: free text still works.
      return result.ok ? result.data : [];
    },
    enabled: open && !disabled,
    staleTime: 60_000,
    placeholderData: keepPreviousData,
  });
  const options = (query.data ?? []).filter((option) => suggestionMatches(property, option, value));
  const active = activeValue === null ? -1 : options.indexOf(activeValue);
  const expanded = open && !disabled && options.length > 0;

  // Arrow keys move through a list taller than its box: keep the active option in sight.
  useEffect(() => {
    if (expanded && active >= 0) document.getElementById(`${listId}-${active}`)?.scrollIntoView({ block: 'nearest' });
  }, [expanded, active, listId]);

  const choose = (option: string) => {
    onChange(option);
    setOpen(false);
    setActiveValue(null);
  };

  return (
    <div className={`relative ${className ?? ''}`}>
      <input
        type="text"
        role="combobox"
        aria-label="Value"
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-activedescendant={expanded && active >= 0 ? `${listId}-${active}` : undefined}
        autoComplete="off"
        value={value}
        disabled={disabled}
        maxLength={256}
        placeholder={placeholder}
        onChange={(event) => {
          onChange(event.target.value);
          setOpen(true);
          setActiveValue(null);
        }}
        onFocus={() => setOpen(true)}
        onClick={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
            event.preventDefault();
            setOpen(true);
            if (!options.length) return;
            const step = event.key === 'ArrowDown' ? 1 : -1;
            const next = active < 0 ? (step > 0 ? 0 : options.length - 1) : (active + step + options.length) % options.length;
            setActiveValue(options[next]);
          } else if (event.key === 'Enter' && expanded && active >= 0) {
            // Takes the value instead of submitting the search.
            event.preventDefault();
            choose(options[active]);
          } else if (event.key === 'Escape' && expanded) {
            // Closes the list only; a dialog around the form must not close with it.
            event.preventDefault();
            event.stopPropagation();
            setOpen(false);
            setActiveValue(null);
          }
        }}
        className="w-full rounded border border-slate-300 px-2 py-1.5 disabled:bg-slate-100"
      />
      <ul
        id={listId}
        role="listbox"
        aria-label="Suggested values"
        hidden={!expanded}
        className="absolute left-0 right-0 top-full z-20 mt-1 max-h-64 overflow-y-auto rounded border border-slate-300 bg-white py-1 shadow-lg"
      >
        {expanded &&
          options.map((option, index) => (
            <li
              key={option}
              id={`${listId}-${index}`}
              role="option"
              aria-selected={index === active}
              // mousedown, not click: the input keeps its focus (its blur would close the list first).
              onMouseDown={(event) => {
                event.preventDefault();
                choose(option);
              }}
              onMouseMove={() => setActiveValue(option)}
              className={`cursor-pointer break-words px-2 py-1 ${index === active ? 'bg-brand-600 text-white' : 'hover:bg-slate-100'}`}
            >
              {option}
            </li>
          ))}
      </ul>
      <p className="sr-only" aria-live="polite">
        {expanded ? `${options.length} suggested value${options.length === 1 ? '' : 's'}; use the arrow keys to choose.` : ''}
      </p>
    </div>
  );
}

/** `value`, once it has not changed for `ms`. */
function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}
