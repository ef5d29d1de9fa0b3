/**
 * A setting from the environment that must be a whole number in a range (timeouts, sizes,
 * intervals). Unset or blank means the default; anything else out of range or not a plain
 * number stops the start with a message naming the setting, the range and the default, so a
 * typo never silently means "never" or "forever".
 */
export function wholeNumberSetting(
  env: Record<string, string | undefined>,
  name: string,
  min: number,
  max: number,
  fallback: number,
  /** Named in the message when given: "a whole number of seconds". */
  unit?: string,
): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = /^\s*\d+\s*$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new Error(
      `${name} must be a whole number${unit ? ` of ${unit}` : ''} from ${min} to ${max} (got "${raw.slice(0, 40)}"); leave it unset for ${fallback}.`,
    );
  }
  return value;
}
