import type { AccessNumberView } from '@/lib/conferencing/access-numbers-service';
import { languageName } from '@/lib/format/language-name';

export function AccessNumbersList({ regions }: { regions: { region: string; numbers: AccessNumberView[] }[] }) {
  if (regions.length === 0) return <p className="text-slate-600">No dial-in access numbers are configured yet.</p>;
  return (
    <div className="space-y-4">
      {regions.map(({ region, numbers }) => (
        <section key={region} aria-label={region}>
          <h3 className="mb-1 font-semibold">{region}</h3>
          <ul className="divide-y divide-slate-100 rounded border border-slate-200 bg-white">
            {numbers.map((n) => (
              <li key={n.id} className="flex flex-wrap justify-between gap-2 px-3 py-2 text-sm">
                <span className="font-medium">{n.displayName}</span>
                <a className="text-brand-700 underline" href={n.lineUri}>
                  {n.displayNumber}
                </a>
                {/* Names, not codes: a caller picks a number by the language they speak. */}
                <span className="text-slate-600">{[n.primaryLanguage, ...n.secondaryLanguages].map(languageName).join(', ')}</span>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
