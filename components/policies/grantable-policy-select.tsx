'use client';
import { useId } from 'react';

/** The choice of Grant-CsPinPolicy: a per-user policy, or <Automatic> (null: site or global). */
export const AUTOMATIC_POLICY = '<Automatic>';

export function GrantablePolicySelect({ policies, value, onChange }: { policies: string[]; value: string; onChange: (value: string) => void }) {
  const id = useId();
  return (
    <div>
      <label htmlFor={id} className="text-sm text-slate-700">
        PIN policy
      </label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)} className="mt-1 block w-full rounded border border-slate-300 px-2 py-2">
        <option value={AUTOMATIC_POLICY}>{AUTOMATIC_POLICY} (site or global policy)</option>
        {policies.map((p) => (
          <option key={p} value={p}>
            {p.replace(/^tag:/, '')}
          </option>
        ))}
      </select>
    </div>
  );
}
