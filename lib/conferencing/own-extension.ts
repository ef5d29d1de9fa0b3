/**
 * The extension a signed-in user enters when a meeting asks them to identify themselves by
 * phone (the Dial-in page's join steps). The directory's extension field first; else the
 * `;ext=` of their line URI (`tel:+14255550100;ext=100`); else none. Pure.
 */
export function ownExtension(user: { extension: string; lineUri: string }): string | null {
  const own = user.extension.trim();
  if (/^\d{1,15}$/.test(own)) return own;
  const fromLine = /;ext=(\d{1,15})(?:;|$)/i.exec(user.lineUri.trim());
  return fromLine ? fromLine[1] : null;
}

/** The user's phone number from their line URI, for the same step ("+14255550100"), or null. */
export function ownPhoneNumber(user: { lineUri: string }): string | null {
  const match = /^tel:(\+?\d{3,20})(?:;|$)/i.exec(user.lineUri.trim());
  return match ? match[1] : null;
}
