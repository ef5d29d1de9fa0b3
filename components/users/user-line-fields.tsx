/**
 * A user's phone line as a help desk reads it to a caller: the line URI the directory holds
 * and the extension the dial-in steps ask for. Shown on the user page; the results table
 * shows the same two values in its columns.
 */
type Props = { lineUri: string; extension: string };

export function UserLineFields({ lineUri, extension }: Props) {
  return (
    <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
      <dt className="font-medium text-slate-700">Line URI</dt>
      <dd className="break-all">{lineUri || 'None'}</dd>
      <dt className="font-medium text-slate-700">Extension</dt>
      <dd>{extension || 'None'}</dd>
    </dl>
  );
}
