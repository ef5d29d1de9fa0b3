/**
 * "Skip to content": the first thing Tab reaches on admin and Dial-in pages, so a keyboard
 * user gets past the header and navigation in one key press. Hidden until it has focus.
 * The target is the page's `<main id="main-content" tabIndex={-1}>`.
 */
export const MAIN_CONTENT_ID = 'main-content';

export function SkipLink() {
  return (
    <a
      href={`#${MAIN_CONTENT_ID}`}
      className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:text-brand-800 focus:shadow"
    >
      Skip to content
    </a>
  );
}
