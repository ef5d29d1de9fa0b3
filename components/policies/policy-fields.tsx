'use client';
import { policyRanges } from '@/lib/pin/policy';
import type { PinPolicy } from '@/lib/pin/types';

export type PolicyDraft = {
  description: string;
  minPasswordLength: string;
  pinHistoryCount: string;
  pinLifetime: string;
  allowCommonPatterns: boolean;
  maximumLogonAttempts: string;
};

export function draftFrom(policy: PinPolicy | null): PolicyDraft {
  return {
    description: policy?.description ?? '',
    minPasswordLength: String(policy?.minPasswordLength ?? 5),
    pinHistoryCount: String(policy?.pinHistoryCount ?? 0),
    pinLifetime: String(policy?.pinLifetime ?? 0),
    allowCommonPatterns: policy?.allowCommonPatterns ?? false,
    maximumLogonAttempts: policy?.maximumLogonAttempts === null || policy?.maximumLogonAttempts === undefined ? '' : String(policy.maximumLogonAttempts),
  };
}

export const numericFields = [
  { key: 'minPasswordLength', ...policyRanges.minPasswordLength, hint: 'minimum digits' },
  { key: 'pinHistoryCount', ...policyRanges.pinHistoryCount, hint: 'recent PINs a user may not reuse (self-service)' },
  { key: 'pinLifetime', ...policyRanges.pinLifetime, hint: 'days; 0 = never expires; above 0 needs PINHistoryCount above 0' },
  { key: 'maximumLogonAttempts', ...policyRanges.maximumLogonAttempts, hint: 'replaces the local lockout limit; empty = not set' },
] as const;

/** One labelled number field with its range and its own error, tied by aria-describedby. */
export function NumberField({
  id,
  label,
  min,
  max,
  hint,
  value,
  onChange,
  error,
  disabled,
}: {
  id: string;
  label: string;
  min: number;
  max: number;
  hint: string;
  value: string;
  onChange: (v: string) => void;
  error?: string;
  disabled?: boolean;
}) {
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <input
        id={id}
        type="number"
        inputMode="numeric"
        min={min}
        max={max}
        value={value}
        disabled={disabled}
        onChange={(e) => onChange(e.target.value)}
        aria-describedby={`${id}-hint ${id}-error`}
        aria-invalid={error ? true : undefined}
        className={`mt-1 w-40 rounded border px-2 py-1.5 disabled:bg-slate-100 ${error ? 'border-red-600' : 'border-slate-300'}`}
      />
      <p id={`${id}-hint`} className="text-xs text-slate-600">
        {min}–{max}: {hint}
      </p>
      <p id={`${id}-error`} aria-live="polite" className="text-sm text-red-700">
        {error}
      </p>
    </div>
  );
}
