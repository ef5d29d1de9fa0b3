/** The OpenAPI 3.1 description of PinDesk's API (GET /api/v1/openapi.json). */
import { bulkJobPaths } from './openapi-bulk-jobs';
import { directoryPaths, directorySchemas } from './openapi-directory';
import { overviewPaths, overviewSchemas } from './openapi-overview';
import { rolesPaths, rolesSchemas } from './openapi-roles';
import { scriptingPaths, scriptingSchemas, scriptingSecuritySchemes } from './openapi-scripting';

export const openApiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'PinDesk API',
    version: '1.0.0',
    description:
      'Dial-in conferencing PINs. Conferencing bridges check PINs with bridge API keys issued on the Bridges page; scripts and the `pindesk` CLI manage users’ PINs and PIN policies, sync or import the directory and manage administrators’ roles, with personal API tokens from the API tokens page.',
  },
  servers: [{ url: '/api/v1' }],
  components: {
    securitySchemes: {
      bridgeKey: { type: 'http', scheme: 'bearer', description: 'A bridge API key (pdk_…), shown once when issued.' },
      ...scriptingSecuritySchemes,
    },
    schemas: {
      PinLogonRequest: {
        type: 'object',
        required: ['identity', 'pin'],
        additionalProperties: true,
        properties: {
          identity: {
            type: 'string',
            maxLength: 256,
            description: 'Extension, phone number (any common format; digits compared, E.164), line URI (tel:+14255550100;ext=100), SIP address or UPN.',
            examples: ['100', '+1 (425) 555-0100', 'sip:kenmyer@litwareinc.com'],
          },
          pin: { type: 'string', pattern: '^[0-9]{1,24}$', description: 'The digits the caller entered.' },
        },
      },
      PinLogonAccepted: {
        type: 'object',
        required: ['result', 'user'],
        properties: {
          result: { const: 'accepted' },
          user: { type: 'object', properties: { sipAddress: { type: 'string' }, displayName: { type: 'string' } } },
        },
      },
      PinLogonRejected: {
        type: 'object',
        required: ['result'],
        properties: { result: { const: 'rejected' } },
        description: 'Unknown identity, wrong PIN, locked, expired or unset PIN: indistinguishable by design, and answered in the same time.',
      },
      Error: { type: 'object', required: ['error'], properties: { error: { type: 'string' } } },
      ...scriptingSchemas,
      ...directorySchemas,
      ...rolesSchemas,
      ...overviewSchemas,
    },
  },
  paths: {
    ...scriptingPaths,
    ...bulkJobPaths,
    ...directoryPaths,
    ...rolesPaths,
    ...overviewPaths,
    '/pin-logon': {
      post: {
        summary: 'Check a caller’s extension (or number, SIP address, UPN) and PIN',
        operationId: 'pinLogon',
        security: [{ bridgeKey: [] }],
        requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/PinLogonRequest' } } } },
        responses: {
          '200': {
            description: 'Checked.',
            content: {
              'application/json': { schema: { oneOf: [{ $ref: '#/components/schemas/PinLogonAccepted' }, { $ref: '#/components/schemas/PinLogonRejected' }] } },
            },
          },
          '400': {
            description: 'Malformed input (non-digits, more than 24 digits, missing fields, non-JSON, body over 4 KB). Not counted as a logon failure.',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
          },
          '401': {
            description: 'Missing, unknown or revoked bridge key.',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
          },
          '403': {
            description: 'The key may not be used from this source address.',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
          },
          '429': {
            description: 'This bridge exceeded its configured request rate; see Retry-After.',
            headers: { 'Retry-After': { schema: { type: 'integer' } } },
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
          },
          '503': {
            description: 'The database is unavailable (code DATABASE_UNAVAILABLE): no PIN was checked and no failure counted. Retry after Retry-After seconds.',
            headers: { 'Retry-After': { schema: { type: 'integer' } } },
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
          },
        },
      },
    },
  },
} as const;
