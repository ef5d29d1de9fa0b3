import type { Metadata } from 'next';
import Link from 'next/link';
import { AccessNumbersList } from '@/components/conferencing/access-numbers-list';
import { SetOwnPinForm } from '@/components/dialin/set-own-pin-form';
import { OidcSignInButton } from '@/components/shell/oidc-sign-in-button';
import { SignOutButton } from '@/components/shell/sign-out-button';
import { MAIN_CONTENT_ID } from '@/components/ui/skip-link';
import { getSessionUser } from '@/lib/auth/session';
import { listAccessNumbersByRegion } from '@/lib/conferencing/access-numbers-service';
import { ownExtension, ownPhoneNumber } from '@/lib/conferencing/own-extension';
import { formatTime } from '@/lib/format/time';
import { describePinRequirements, getPinInfo, loadEffectivePolicy, loadUser } from '@/lib/pin';
import { getPinDeps } from '@/lib/server/pin-deps';
import { setOwnPinAction } from './actions';

export const metadata: Metadata = { title: 'Dial-in Conferencing' };

/** The policy's rules below the form; the New PIN field is described by them (see SetOwnPinForm). */
const REQUIREMENTS_ID = 'pin-requirements';

const lockWords = {
  temporary: 'Your PIN is temporarily locked after too many wrong attempts. Setting a new PIN here unlocks it.',
  system: 'Your PIN is locked after too many wrong attempts. Contact your administrator.',
  admin: 'Your PIN is locked. Contact your administrator.',
} as const;

/**
 * The Dial-in Conferencing page: access numbers for everyone; your own PIN once signed in.
 * Signed in, the PIN comes first (on a phone it is what people come here for: the form must be
 * on the first screen), then how to join, with their own extension, then the numbers.
 */
export default async function DialInPage() {
  const [regions, user] = await Promise.all([listAccessNumbersByRegion(), getSessionUser()]);
  const deps = getPinDeps();
  const mine = user
    ? await (async () => {
        const record = await loadUser(deps.store, { userId: user.id });
        const [info, effective] = await Promise.all([getPinInfo(deps, { user: { userId: user.id } }), loadEffectivePolicy(deps.store, record)]);
        return { info, requirements: describePinRequirements(effective.policy), extension: ownExtension(record), phone: ownPhoneNumber(record) };
      })()
    : null;
  const hardLock = mine?.info.lockKind === 'admin' || mine?.info.lockKind === 'system';

  const numbersSection = (
    <section aria-labelledby="numbers-heading">
      <h2 id="numbers-heading" className="mb-2 text-lg font-semibold">
        Dial-in access numbers
      </h2>
      <AccessNumbersList regions={regions} />
    </section>
  );
  const joinSection = (
    <section aria-labelledby="join-heading">
      <h2 id="join-heading" className="mb-2 text-lg font-semibold">
        How to join a meeting by phone
      </h2>
      <ol className="list-decimal space-y-1 pl-6 text-slate-700">
        <li>Call a dial-in access number for your region.</li>
        <li>Enter the conference ID from the meeting invitation, followed by #.</li>
        <li>
          If you are the organizer, or the meeting asks you to identify yourself: enter your extension or phone number and #, then your PIN and #.
          {mine && (mine.extension || mine.phone) && (
            <span className="mt-1 block font-medium text-slate-900">
              {[mine.extension && `Your extension: ${mine.extension}`, mine.phone && `Your phone number: ${mine.phone}`].filter(Boolean).join(' · ')}
            </span>
          )}
        </li>
      </ol>
    </section>
  );
  const pinSection = (
    <section aria-labelledby="pin-heading" className="rounded border border-slate-200 bg-white p-4">
      <h2 id="pin-heading" className="mb-3 text-lg font-semibold">
        Your dial-in PIN
      </h2>
      {!user || !mine ? (
        <div className="space-y-3">
          <p>
            <Link className="font-medium text-brand-700 underline" href="/sign-in?callbackUrl=%2Fdialin">
              Sign in
            </Link>{' '}
            to see your PIN status and set or reset your PIN.
          </p>
          <div className="max-w-xs">
            <OidcSignInButton callbackUrl="/dialin" />
          </div>
          <h3 className="font-semibold">Forgot your dial-in PIN?</h3>
          <p className="text-slate-700">
            Nobody can look a PIN up, not even an administrator. Sign in with your organisation account and set a new PIN here; it works at once.
          </p>
        </div>
      ) : (
        <div className="space-y-4">
          <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
            <dt className="font-medium text-slate-700">PIN set</dt>
            <dd>{mine.info.isPinSet ? `Yes, last changed ${formatTime(mine.info.lastPinChangeTime)}` : 'No — set one below'}</dd>
            <dt className="font-medium text-slate-700">Locked</dt>
            <dd>{mine.info.lockKind ? lockWords[mine.info.lockKind] : 'No'}</dd>
            <dt className="font-medium text-slate-700">Expires</dt>
            <dd>
              {!mine.info.isPinSet
                ? '—'
                : mine.info.pinExpirationTime === null
                  ? 'Never'
                  : `${formatTime(mine.info.pinExpirationTime)}${mine.info.isExpired ? ' (expired: set a new PIN)' : ''}`}
            </dd>
          </dl>
          {hardLock && (
            <p role="alert" className="rounded border border-amber-300 bg-amber-50 p-3">
              Your PIN is locked. Contact your administrator.
            </p>
          )}
          <SetOwnPinForm action={setOwnPinAction} disabled={hardLock} requirementsId={REQUIREMENTS_ID} />
          <div id={REQUIREMENTS_ID}>
            <h3 className="font-semibold">Your new PIN must be</h3>
            <ul className="list-disc pl-6 text-slate-700">
              {mine.requirements.map((r) => (
                <li key={r}>{r}</li>
              ))}
            </ul>
          </div>
        </div>
      )}
    </section>
  );

  return (
    <main id={MAIN_CONTENT_ID} tabIndex={-1} className="mx-auto max-w-3xl space-y-6 p-4 focus:outline-none">
      <header className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-2xl font-semibold">Dial-in Conferencing</h1>
        {user && (
          <div className="flex items-center gap-3 text-sm">
            <span>
              Signed in as <strong>{user.displayName}</strong>
            </span>
            <SignOutButton />
          </div>
        )}
      </header>

      {user ? (
        <>
          {pinSection}
          {joinSection}
          {numbersSection}
        </>
      ) : (
        <>
          {numbersSection}
          {joinSection}
          {pinSection}
        </>
      )}
    </main>
  );
}
