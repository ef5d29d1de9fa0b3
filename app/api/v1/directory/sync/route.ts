import { directoryRoute } from '@/lib/api/directory-route';
import { SYNC_BODY_LIMIT, syncBody } from '@/lib/api/directory-schemas';
import { readJsonBody } from '@/lib/api/read-json-body';
import { parseWhatIf } from '@/lib/api/scripting-schemas';
import { InputError } from '@/lib/validation/input-error';

export const dynamic = 'force-dynamic';

/**
 * Sync-PinDeskDirectory: {source?, full?, whatIf?} (no body: the only LDAP source, changes
 * since the last sync). whatIf (in the body or ?whatIf=true) → 200 and the preview; otherwise
 * 202 {runId} once the run is recorded, and the sync runs on in the server.
 */
export const POST = directoryRoute('directory.sync', async ({ service, request, params }) => {
  const queryWhatIf = parseWhatIf(params);
  if (typeof queryWhatIf === 'string') throw new InputError(queryWhatIf, 'whatIf');
  let body: unknown = {};
  if (request.headers.get('content-type') !== null || Number(request.headers.get('content-length') ?? 0) > 0) {
    const read = await readJsonBody(request, SYNC_BODY_LIMIT);
    if (!read.ok) throw new InputError(read.error);
    body = read.value;
  }
  const input = syncBody.parse(body);
  if (input.whatIf || queryWhatIf) return { status: 200, body: await service.previewDirectorySync(input) };
  const { runId } = await service.startDirectorySync(input);
  return { status: 202, body: { runId } };
});
