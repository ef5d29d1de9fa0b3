import type { Metadata } from 'next';
import { DialInKeypad } from '@/components/bridges/dial-in-keypad';
import { requirePagePermission } from '@/lib/auth/session';
import { DIAL_IN_TESTS_PER_DAY, DIAL_IN_TESTS_PER_USER_PER_DAY } from '@/lib/pin';
import { dialInTestAction } from './actions';

export const metadata: Metadata = { title: 'Dial-in test' };

export default async function DialInTestPage() {
  await requirePagePermission('dialin.test', '/dial-in-test');
  return (
    <section aria-labelledby="dialin-test-heading" className="space-y-3">
      <h1 id="dialin-test-heading" className="text-2xl font-semibold">
        Dial-in test
      </h1>
      <p className="max-w-prose text-sm text-slate-600">
        Enter an extension or phone number and press #, then the PIN and #, as a caller would. This runs the same check as a conferencing bridge: it is audited
        and a wrong PIN counts toward the user&apos;s lockout. So that tests cannot be used to guess a PIN, each administrator can run{' '}
        {DIAL_IN_TESTS_PER_USER_PER_DAY} tests per user and {DIAL_IN_TESTS_PER_DAY} in all per day (UTC); unlocking the PIN does not give tests back.
      </p>
      <DialInKeypad action={dialInTestAction} />
    </section>
  );
}
