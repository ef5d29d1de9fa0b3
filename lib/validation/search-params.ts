/**
 * URL parameters are user input too: each is parsed with bounds, and a bad value falls back
 * to the default with a note the page shows, never an error page.
 */
export type ParsedParam<T> = { value: T; problem?: string };

export function firstParam(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export function intParam(raw: string | undefined, name: string, fallback: number, min: number, max: number): ParsedParam<number> {
  if (raw === undefined || raw === '') return { value: fallback };
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    return {
      value: fallback,
      problem: `${name} must be a whole number from ${min.toLocaleString('en-US')} to ${max.toLocaleString('en-US')}; using ${fallback.toLocaleString('en-US')} instead.`,
    };
  }
  return { value };
}

export function textParam(raw: string | undefined, name: string, maxLength: number): ParsedParam<string> {
  const value = raw ?? '';
  if (value.length > maxLength) return { value: value.slice(0, maxLength), problem: `${name} was cut to ${maxLength} characters.` };
  return { value };
}

/** Next.js page searchParams (string | string[] values) as URLSearchParams, repeats kept in order. */
export function toUrlSearchParams(raw: Record<string, string | string[] | undefined>): URLSearchParams {
  return new URLSearchParams(
    Object.entries(raw).flatMap(([key, value]) => (Array.isArray(value) ? value.map((v) => [key, v]) : value === undefined ? [] : [[key, value]])),
  );
}
