'use client';
import { useState } from 'react';
import { comparableProperties, comparisonOperators, type ComparableProperty, type ComparisonOperator, type PolicyFilter } from '@/lib/policies/policy-filter';

/** Get-CsPinPolicy -Filter: Identity wildcard and property comparisons. */
export function PolicyFilterForm({ initial, onApply }: { initial: PolicyFilter; onApply: (filter: PolicyFilter) => void }) {
  const [identity, setIdentity] = useState(initial.identity);
  const [comparisons, setComparisons] = useState(initial.comparisons);
  return (
    <form
      role="search"
      aria-label="Filter policies"
      className="space-y-2 rounded border border-slate-200 bg-white p-3 text-sm"
      onSubmit={(event) => {
        event.preventDefault();
        onApply({ identity, comparisons });
      }}
    >
      <div className="flex flex-wrap items-end gap-2">
        <label className="block">
          <span className="block text-slate-700">Identity filter</span>
          <input
            value={identity}
            onChange={(e) => setIdentity(e.target.value)}
            placeholder="site:*  tag:*  *Redmond*"
            maxLength={128}
            className="mt-1 rounded border border-slate-300 px-2 py-1.5"
          />
        </label>
        <button
          type="button"
          onClick={() => setComparisons((c) => [...c, { property: 'minPasswordLength', operator: 'gt', value: '' }])}
          className="rounded border border-slate-300 px-3 py-1.5"
        >
          Add comparison
        </button>
        <button type="submit" className="rounded bg-brand-600 px-3 py-1.5 text-white">
          Apply filter
        </button>
        <button type="button" onClick={() => onApply({ identity: '', comparisons: [] })} className="rounded border border-slate-300 px-3 py-1.5">
          Clear filter
        </button>
      </div>
      {comparisons.map((c, i) => (
        <div key={i} className="flex flex-wrap items-center gap-2" aria-label={`Comparison ${i + 1}`} role="group">
          <select
            aria-label="Filter property"
            value={c.property}
            onChange={(e) => setComparisons((all) => all.map((x, j) => (j === i ? { ...x, property: e.target.value as ComparableProperty } : x)))}
            className="rounded border border-slate-300 px-2 py-1.5"
          >
            {(Object.keys(comparableProperties) as ComparableProperty[]).map((p) => (
              <option key={p} value={p}>
                {comparableProperties[p]}
              </option>
            ))}
          </select>
          <select
            aria-label="Comparison"
            value={c.operator}
            onChange={(e) => setComparisons((all) => all.map((x, j) => (j === i ? { ...x, operator: e.target.value as ComparisonOperator } : x)))}
            className="rounded border border-slate-300 px-2 py-1.5"
          >
            {(Object.keys(comparisonOperators) as ComparisonOperator[]).map((o) => (
              <option key={o} value={o}>
                {comparisonOperators[o]}
              </option>
            ))}
          </select>
          <input
            aria-label="Filter value"
            value={c.value}
            onChange={(e) => setComparisons((all) => all.map((x, j) => (j === i ? { ...x, value: e.target.value } : x)))}
            maxLength={16}
            className="w-28 rounded border border-slate-300 px-2 py-1.5"
          />
          <button type="button" onClick={() => setComparisons((all) => all.filter((_, j) => j !== i))} className="rounded border border-slate-300 px-2 py-1.5">
            Remove comparison
          </button>
        </div>
      ))}
    </form>
  );
}
