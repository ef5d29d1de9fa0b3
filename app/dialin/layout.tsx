import type { ReactNode } from 'react';
import { SkipLink } from '@/components/ui/skip-link';

/** The Dial-in page's shell: only the skip link, ahead of the page's header (its <main> is the target). */
export default function DialInLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <SkipLink />
      {children}
    </>
  );
}
