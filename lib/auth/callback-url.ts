/**
 * Where to go after signing in: a path on this site only (an absolute or protocol-relative
 * URL could send the user elsewhere), else the home page.
 */
export function safeCallbackUrl(value: unknown): string {
  if (typeof value !== 'string' || value.length > 2048) return '/';
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  return value;
}
