/**
 * The OpenAPI description of a bulk Set PIN job's generated PINs: download them (repeatable),
 * then erase them with the downloaded file's SHA-256. Merged into openapi.ts.
 */
const error = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });
const security = [{ apiToken: [] }, { sessionCookie: [] }];
const id = { name: 'id', in: 'path', required: true, schema: { type: 'string', maxLength: 64 }, description: 'The bulk job id (the /jobs/{id} page).' };
const refusals = {
  '401': error('No session and no valid API token.'),
  '403': error('Without pin.write, or not the administrator who started the job (only they see its PINs).'),
  '404': error('No such job.'),
  '410': error('The PINs were erased (confirmed, dismissed, or 24 hours after the job started); the message says which.'),
};

export const bulkJobPaths = {
  '/bulk-jobs/{id}/pins/download': {
    post: {
      summary: 'Download every generated PIN of a Set PIN job as CSV (Identity, DisplayName, PIN, Result, Reason); erases nothing',
      description:
        'One row per user of the job, every field quoted; the PIN written as ="048202" so a spreadsheet keeps its leading zeros; users the job skipped or could not change have an empty PIN, Result Skipped or Failed, and the Reason (e.g. "Already has a PIN."). Can be repeated until the PINs are erased. Audited as bulk_job.pins_downloaded only once the response has been delivered completely. Keep the file, then confirm with its SHA-256 (POST …/pins/erase).',
      operationId: 'downloadBulkJobPins',
      security,
      parameters: [id],
      responses: {
        '200': {
          description: 'The CSV (Cache-Control: no-store).',
          content: { 'text/csv': { schema: { type: 'string' } } },
        },
        ...refusals,
      },
    },
  },
  '/bulk-jobs/{id}/pins/erase': {
    post: {
      summary: 'Erase the generated PINs of a Set PIN job, confirming the downloaded file is saved',
      description: 'Erases only if sha256 is the checksum of the file the download gives; audited as bulk_job.pins_erased (who, when, how many PINs).',
      operationId: 'eraseBulkJobPins',
      security,
      parameters: [id],
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: {
              type: 'object',
              required: ['sha256'],
              properties: { sha256: { type: 'string', pattern: '^[0-9a-fA-F]{64}$', description: 'SHA-256 of the saved CSV file.' } },
            },
          },
        },
      },
      responses: {
        '200': {
          description: 'Erased.',
          content: {
            'application/json': {
              schema: { type: 'object', required: ['erased'], properties: { erased: { type: 'integer', description: 'How many PINs were erased.' } } },
            },
          },
        },
        '400': error('No body, not JSON, or sha256 is not 64 hexadecimal digits. Nothing erased.'),
        '409': error('CHECKSUM_MISMATCH: not the checksum of this job’s PIN file. Nothing erased: download again and confirm with that file.'),
        ...refusals,
      },
    },
  },
} as const;
