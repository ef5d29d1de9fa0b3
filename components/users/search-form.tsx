'use client';
import { useState } from 'react';
import {
  filterOperators,
  filterProperties,
  MAX_FILTERS,
  MAX_USERS_LIMIT,
  operatorNeedsValue,
  propertyOperators,
  propertyValueHint,
  type FilterClause,
  type FilterOperator,
  type FilterProperty,
  type UserSearch,
} from '@/lib/users/search-params';
import { hasValueSuggestions } from '@/lib/users/filter-value-suggestions';
import { FilterValueCombobox } from './filter-value-combobox';

/** Search users + Find, Add Filter clauses, Maximum users to display. Submitting runs the search. */
export function SearchForm({ initial, onSearch }: { initial: UserSearch; onSearch: (search: UserSearch) => void }) {
  const [q, setQ] = useState(initial.q);
  const [filters, setFilters] = useState<FilterClause[]>(initial.filters);
  const [max, setMax] = useState(String(initial.max));
  const [error, setError] = useState<string | null>(null);

  const update = (index: number, change: Partial<FilterClause>) =>
    setFilters((all) =>
      all.map((f, i) => {
        if (i !== index) return f;
        const next = { ...f, ...change };
        if (!change.property || change.property === f.property) return next;
        // A property with fixed operators or values (True/False, a lock kind, days) starts from its first; free text starts empty.
        const operators = propertyOperators(change.property);
        const operator = operators.includes(next.operator) ? next.operator : operators[0];
        const hint = propertyValueHint(change.property);
        return { ...next, operator, value: hint ? hint.initial : propertyValueHint(f.property) ? '' : next.value };
      }),
    );

  return (
    <form
      role="search"
      aria-label="User search"
      className="space-y-3 rounded border border-slate-200 bg-white p-3"
      onSubmit={(event) => {
        event.preventDefault();
        const maxValue = Number(max);
        if (!Number.isInteger(maxValue) || maxValue < 1 || maxValue > MAX_USERS_LIMIT) {
          setError(`Maximum users to display must be a whole number from 1 to ${MAX_USERS_LIMIT.toLocaleString('en-US')}.`);
          return;
        }
        const incomplete = filters.findIndex((f) => operatorNeedsValue(f.operator) && f.value.trim() === '');
        if (incomplete >= 0) {
          setError(`Filter ${incomplete + 1}: enter a value, or choose Is empty / Is not empty.`);
          return;
        }
        setError(null);
        // A new search keeps the table's sort.
        onSearch({ q: q.trim(), filters, max: maxValue, page: 1, sort: initial.sort, order: initial.order });
      }}
    >
      <div className="flex flex-wrap gap-2">
        <input
          type="search"
          aria-label="Search users"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          maxLength={256}
          placeholder="Name, account, SIP address or line URI; * Smith for display names"
          className="min-w-0 flex-1 rounded border border-slate-300 px-3 py-2"
        />
        <button type="submit" className="rounded bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700">
          Find
        </button>
      </div>
      {filters.length > 0 && (
        <ul className="space-y-2" aria-label="Filters">
          {filters.map((filter, index) => (
            <FilterRow
              key={index}
              index={index}
              filter={filter}
              onChange={(c) => update(index, c)}
              onRemove={() => setFilters((all) => all.filter((_, i) => i !== index))}
            />
          ))}
        </ul>
      )}
      <div className="flex flex-wrap items-center gap-3 text-sm">
        <button
          type="button"
          disabled={filters.length >= MAX_FILTERS}
          onClick={() => setFilters((all) => [...all, { property: 'department', operator: 'eq', value: '' }])}
          className="rounded border border-slate-300 px-3 py-1.5 hover:bg-slate-100 disabled:opacity-50"
        >
          Add Filter
        </button>
        <label className="flex items-center gap-2">
          Maximum users to display
          <input
            type="number"
            min={1}
            max={MAX_USERS_LIMIT}
            value={max}
            onChange={(e) => setMax(e.target.value)}
            className="w-28 rounded border border-slate-300 px-2 py-1"
          />
        </label>
      </div>
      <p aria-live="polite" className="text-sm text-red-700">
        {error}
      </p>
    </form>
  );
}

function FilterRow({
  index,
  filter,
  onChange,
  onRemove,
}: {
  index: number;
  filter: FilterClause;
  onChange: (c: Partial<FilterClause>) => void;
  onRemove: () => void;
}) {
  const hint = propertyValueHint(filter.property);
  const operators = propertyOperators(filter.property);
  const choicesId = `filter-${index}-values`;
  return (
    <li className="flex flex-wrap items-center gap-2 text-sm" aria-label={`Filter ${index + 1}`}>
      <select
        aria-label="Property"
        value={filter.property}
        onChange={(e) => onChange({ property: e.target.value as FilterProperty })}
        className="rounded border border-slate-300 px-2 py-1.5"
      >
        {(Object.keys(filterProperties) as FilterProperty[]).map((p) => (
          <option key={p} value={p}>
            {filterProperties[p]}
          </option>
        ))}
      </select>
      <select
        aria-label="Operator"
        value={filter.operator}
        onChange={(e) => onChange({ operator: e.target.value as FilterOperator })}
        className="rounded border border-slate-300 px-2 py-1.5"
      >
        {operators.map((op) => (
          <option key={op} value={op}>
            {filterOperators[op]}
          </option>
        ))}
      </select>
      {hasValueSuggestions(filter.property) ? (
        <FilterValueCombobox
          key={filter.property}
          property={filter.property}
          value={filter.value}
          disabled={!operatorNeedsValue(filter.operator)}
          onChange={(value) => onChange({ value })}
          placeholder={filter.property === 'ou' ? 'OU=Finance,DC=litwareinc,DC=com' : ''}
          className="min-w-0 flex-1"
        />
      ) : (
        <input
          type="text"
          aria-label="Value"
          value={filter.value}
          disabled={!operatorNeedsValue(filter.operator)}
          onChange={(e) => onChange({ value: e.target.value })}
          maxLength={256}
          list={hint ? choicesId : undefined}
          placeholder={hint?.placeholder ?? ''}
          className="min-w-0 flex-1 rounded border border-slate-300 px-2 py-1.5 disabled:bg-slate-100"
        />
      )}
      {hint && (
        <datalist id={choicesId}>
          {hint.choices.map((choice) => (
            <option key={choice} value={choice} />
          ))}
        </datalist>
      )}
      <button type="button" onClick={onRemove} className="rounded border border-slate-300 px-2 py-1.5 hover:bg-slate-100">
        Remove filter
      </button>
    </li>
  );
}
