/**
 * The OpenAPI description of the directory routes (Sync-PinDeskDirectory and
 * Import-PinDeskUser; directory.manage, i.e. CsAdministrator). Merged into openapi.ts.
 */
import { error, json, ref, security } from './openapi-parts';
const refusals = {
  '401': error('No session and no token, or an unknown, revoked or expired token (or its owner is disabled).'),
  '403': error('The caller is not a CsAdministrator (directory.manage); audited.'),
  '503': {
    ...error('The database is unavailable (code DATABASE_UNAVAILABLE); nothing was changed. Retry after Retry-After seconds.'),
    headers: { 'Retry-After': { schema: { type: 'integer' } } },
  },
};
const started = {
  description: 'Started: the run is recorded and goes on in the server; follow it with GET /directory/runs/{runId}.',
  content: json({ type: 'object', required: ['runId'], properties: { runId: { type: 'string' } } }),
};
const count = { type: 'integer', minimum: 0 };
const counts = {
  type: 'object',
  properties: Object.fromEntries(
    ['read', 'created', 'changed', 'unchanged', 'disabled', 'removed', 'restored', 'deprovisioned', 'skipped'].map((k) => [k, count]),
  ),
};
const problem = {
  type: 'object',
  required: ['entry', 'reason'],
  properties: {
    entry: { type: 'string', description: 'The entry: its DN, or "line 12" of an import file.' },
    reason: { type: 'string', examples: ['No SIP address (msRTCSIP-PrimaryUserAddress is empty).'] },
  },
};
const syncResult = {
  type: 'object',
  required: ['kind', 'status', 'counts', 'problems', 'message'],
  properties: {
    runId: { type: ['string', 'null'], description: 'Null for a preview.' },
    kind: { enum: ['full', 'incremental', 'import'] },
    status: { enum: ['previewed', 'failed'], description: 'failed: the source could not be read; message says why.' },
    counts,
    problems: { type: 'array', items: problem, description: 'Skipped entries with their reasons (the first 500).' },
    message: { type: 'string' },
  },
};

export const directorySchemas = {
  DirectorySyncPreview: { ...syncResult, properties: { ...syncResult.properties, source: { type: 'string', description: 'The LDAP source read.' } } },
  DirectoryImportPreview: {
    type: 'object',
    properties: {
      encoding: { enum: ['utf-8', 'utf-8-bom', 'utf-16le'] },
      typeName: { type: ['string', 'null'], description: 'What the #TYPE line named.' },
      columns: { type: 'object', properties: { used: { type: 'array', items: { type: 'string' } }, ignored: { type: 'array', items: { type: 'string' } } } },
      rows: count,
      entries: { ...count, description: 'Rows that map to a user.' },
      problems: { ...count, description: 'Rows that cannot be taken (listed by line in result.problems).' },
      warnings: { type: 'array', items: { type: 'string' }, description: 'What to check before importing, e.g. names with "?" where letters were lost.' },
      result: syncResult,
    },
  },
  DirectorySyncRun: {
    type: 'object',
    properties: {
      id: { type: 'string' },
      sourceId: { type: 'string' },
      sourceName: { type: 'string' },
      kind: { enum: ['full', 'incremental', 'import'] },
      status: { enum: ['running', 'succeeded', 'failed', 'cancelled'] },
      requestedBy: { type: 'string' },
      startedAt: { type: 'integer', description: 'Milliseconds since the epoch.' },
      finishedAt: { type: ['integer', 'null'] },
      ...counts.properties,
      applied: count,
      problems: { type: 'array', items: problem },
      message: { type: 'string', description: 'Why it failed or was cancelled; empty when it succeeded.' },
    },
  },
};

export const directoryPaths = {
  '/directory/sync': {
    post: {
      summary: 'Sync-PinDeskDirectory: preview or start a sync of an LDAP / Active Directory source',
      description:
        'With one LDAP source, `source` may be left out; with several it is required (the 400 lists them). `full` reads every entry rather than those changed since the last sync. One sync runs at a time across all instances.',
      operationId: 'syncDirectory',
      security,
      parameters: [
        { name: 'whatIf', in: 'query', required: false, schema: { type: 'boolean', default: false }, description: 'The same as whatIf in the body.' },
      ],
      requestBody: {
        required: false,
        content: json({
          type: 'object',
          additionalProperties: false,
          properties: {
            source: { type: 'string', maxLength: 100, description: 'The LDAP source’s name.' },
            full: { type: 'boolean', default: false },
            whatIf: { type: 'boolean', default: false, description: 'Preview: counts and skipped entries, nothing changed.' },
          },
        }),
      },
      responses: {
        '200': { description: 'The preview (whatIf).', content: json(ref('DirectorySyncPreview')) },
        '202': started,
        '400': error('Invalid input, or several LDAP sources and none named (code INVALID_INPUT).'),
        '404': error('SOURCE_NOT_FOUND (no source by that name) or NO_LDAP_SOURCE (none configured).'),
        '409': error('SYNC_RUNNING: another sync is running.'),
        '422': error('The source cannot be read (NOT_SYNCABLE, SETTINGS_INVALID, NO_BIND_PASSWORD, an LDAP error code). Never holds a bind password.'),
        ...refusals,
      },
    },
  },
  '/directory/runs/{id}': {
    get: {
      summary: 'A directory sync or import run: status, counts (moving while it runs), skipped entries, message',
      operationId: 'getDirectoryRun',
      security,
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', maxLength: 64 } }],
      responses: {
        '200': { description: 'The run.', content: json(ref('DirectorySyncRun')) },
        '400': error('The id is longer than 64 characters or holds a control character.'),
        '404': error('RUN_NOT_FOUND.'),
        ...refusals,
      },
    },
  },
  '/directory/import': {
    post: {
      summary: 'Import-PinDeskUser: preview or import a Skype for Business `Get-CsUser | Export-Csv` file',
      description:
        'The file is the body, as written (UTF-8 with or without BOM, or UTF-16 LE; a leading #TYPE line is fine). An import adds and changes users; it never removes one.',
      operationId: 'importDirectoryUsers',
      security,
      parameters: [
        {
          name: 'whatIf',
          in: 'query',
          required: false,
          schema: { type: 'boolean', default: false },
          description: 'Preview: the file’s encoding, rows, ignored columns, problems by line and the counts; nothing changed.',
        },
        {
          name: 'domain',
          in: 'query',
          required: false,
          schema: { type: 'string', maxLength: 15 },
          description: 'The NetBIOS domain of every user (default: from each DN), e.g. LITWAREINC.',
        },
      ],
      requestBody: { required: true, content: { 'text/csv': { schema: { type: 'string', maxLength: 52428800 } } } },
      responses: {
        '200': { description: 'The preview (whatIf).', content: json(ref('DirectoryImportPreview')) },
        '202': started,
        '400': error('Invalid domain or whatIf, or an empty body.'),
        '409': error('SYNC_RUNNING: a sync or another import is running.'),
        '413': error('FILE_TOO_LARGE: more than 50 MiB; nothing was read past the limit.'),
        '415': error('The body is not sent as text/csv.'),
        '422': error(
          'The file cannot be imported as a whole: ENCODING_UNSUPPORTED, ENCODING_INVALID, RECORD_TOO_LARGE, HEADER_MISSING, COLUMNS_MISSING, FILE_EMPTY.',
        ),
        ...refusals,
      },
    },
  },
} as const;
