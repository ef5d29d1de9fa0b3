import { directoryRoute } from '@/lib/api/directory-route';
import { readCsvBody } from '@/lib/api/read-csv-body';
import { parseWhatIf, queryText } from '@/lib/api/scripting-schemas';
import { MAX_IMPORT_BYTES, MAX_IMPORT_DOMAIN } from '@/lib/scripting/directory-limits';
import { InputError } from '@/lib/validation/input-error';

export const dynamic = 'force-dynamic';

/**
 * Import-PinDeskUser: the `Get-CsUser | Export-Csv` file as the body (Content-Type: text/csv,
 * at most 50 MiB), ?domain=LITWAREINC, ?whatIf=true → 200 and the preview (encoding, rows,
 * ignored columns, problems by line, counts); otherwise 202 {runId}.
 */
export const POST = directoryRoute('directory.import', async ({ service, request, params }) => {
  const whatIf = parseWhatIf(params);
  if (typeof whatIf === 'string') throw new InputError(whatIf, 'whatIf');
  const domain = queryText(params, 'domain', MAX_IMPORT_DOMAIN) ?? undefined;
  const read = await readCsvBody(request, MAX_IMPORT_BYTES);
  if (!read.ok) return { status: read.status, body: { error: read.error, code: read.code } };
  const input = { bytes: read.bytes, domain: domain === '' ? undefined : domain };
  if (whatIf) return { status: 200, body: await service.previewUserImport(input) };
  const { runId } = await service.startUserImport(input);
  return { status: 202, body: { runId } };
});
