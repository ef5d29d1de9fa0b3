/**
 * The OpenAPI description of GET /overview (the Overview page's numbers; the shape is
 * lib/overview/overview-types.ts). Merged into openapi.ts.
 */
import { lockoutKinds, logonOutcomes, pinChangeMethods } from '../overview/overview-types';

const error = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });
const count = { type: 'integer', minimum: 0 };
const hourCounts = (keys: object, description: string) => ({
  type: 'array',
  description: `${description} Sparse: hours without events are absent.`,
  items: {
    type: 'object',
    required: ['hour', 'key', 'count'],
    properties: { hour: { type: 'integer', description: 'Start of the UTC hour, epoch milliseconds.' }, key: { enum: Object.keys(keys) }, count },
  },
});
const leaders = (description: string) => ({
  type: 'array',
  maxItems: 10,
  description,
  items: {
    type: 'object',
    required: ['id', 'name', 'sipAddress', 'failures'],
    properties: {
      id: { type: 'string' },
      name: { type: ['string', 'null'], description: 'Display name (user) or name (bridge); null once deleted.' },
      sipAddress: { type: ['string', 'null'] },
      failures: count,
    },
  },
});

export const overviewSchemas = {
  OverviewData: {
    type: 'object',
    required: ['asOf', 'tiles', 'logons', 'lockouts', 'pinChanges', 'topUsers', 'topBridges'],
    properties: {
      asOf: { type: 'integer', description: 'When the numbers were read, epoch milliseconds (UTC).' },
      tiles: {
        type: 'object',
        description: 'Enabled users only; each number is what the matching Users search finds.',
        required: ['enabledUsers', 'withPin', 'withoutPin', 'locked', 'expiringSoon', 'expired'],
        properties: {
          enabledUsers: count,
          withPin: count,
          withoutPin: count,
          locked: { type: 'object', required: Object.keys(lockoutKinds), properties: { temporary: count, system: count, admin: count } },
          expiringSoon: { ...count, description: 'PINs expiring within 14 days, not yet expired.' },
          expired: count,
        },
      },
      logons: hourCounts(logonOutcomes, 'PIN logon attempts per hour and outcome, the last 7 days.'),
      lockouts: hourCounts(lockoutKinds, 'Lockouts per hour and kind, the last 30 days.'),
      pinChanges: hourCounts(pinChangeMethods, 'PIN changes per hour and method, the last 30 days.'),
      topUsers: leaders('Users with the most failed PIN logons in the last 24 hours, most first.'),
      topBridges: leaders('Bridges with the most failed PIN logons in the last 24 hours, most first.'),
    },
  },
} as const;

export const overviewPaths = {
  '/overview': {
    get: {
      summary: 'The Overview page’s numbers: PIN status counts now, and PIN logons, lockouts and PIN changes per hour',
      operationId: 'getOverview',
      security: [{ apiToken: [] }, { sessionCookie: [] }],
      responses: {
        '200': {
          description: 'The numbers (Cache-Control: no-store).',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/OverviewData' } } },
        },
        '401': error('No session and no valid API token.'),
        '403': error('Without user.read, or a session cookie sent from another site.'),
        '503': error('The database is unavailable (code DATABASE_UNAVAILABLE); retry after Retry-After seconds.'),
      },
    },
  },
} as const;
