/**
 * The OpenAPI description of the roles routes (Get-PinDeskRoleAssignment, Grant-PinDeskRole,
 * Revoke-PinDeskRole; role.manage, i.e. CsAdministrator). Merged into openapi.ts.
 */
import { error, json, ref, security } from './openapi-parts';
import { roles } from '../auth/permissions';
import { ROLES_BODY_LIMIT } from './roles-schemas';

const whatIf = {
  name: 'whatIf',
  in: 'query',
  required: false,
  schema: { type: 'boolean', default: false },
  description: 'Dry run: the same checks as the change (role, user, last CsAdministrator), nothing is changed; answers {"WhatIf": "What if: …"}.',
};
const refusals = {
  '401': error('No session and no token, or an unknown, revoked or expired token (or its owner is disabled).'),
  '403': error('The caller is not a CsAdministrator (role.manage); audited.'),
  '503': {
    ...error('The database is unavailable (code DATABASE_UNAVAILABLE); nothing was changed. Retry after Retry-After seconds.'),
    headers: { 'Retry-After': { schema: { type: 'integer' } } },
  },
};
const role = { enum: [...roles] };
const changeBody = {
  type: 'object',
  required: ['identity', 'role'],
  additionalProperties: false,
  properties: {
    identity: { type: 'string', maxLength: 512, description: 'SIP address, UPN, domain\\account, display name or distinguished name.' },
    role: { type: 'string', maxLength: 64, description: `One of ${roles.join(', ')} (any case).` },
  },
};
const change = (summary: string, operationId: string, conflicts: string) => ({
  post: {
    summary,
    operationId,
    security,
    parameters: [whatIf],
    requestBody: { required: true, content: json(changeBody) },
    responses: {
      '200': { description: 'Done (or the dry run).', content: json({ oneOf: [ref('CsRoleChange'), ref('WhatIf')] }) },
      '400': error('Invalid input or an unknown role (INVALID_INPUT); the message names the field or lists the roles.'),
      '404': error('USER_NOT_FOUND.'),
      '409': error(conflicts),
      '413': error(`BODY_TOO_LARGE: the body is larger than ${ROLES_BODY_LIMIT} bytes.`),
      ...refusals,
    },
  },
});

export const rolesSchemas = {
  CsRoleAssignment: {
    type: 'object',
    required: ['Identity', 'DisplayName', 'Upn', 'Enabled', 'Roles'],
    properties: {
      Identity: { type: 'string', description: 'The SIP address.' },
      DisplayName: { type: 'string' },
      Upn: { type: 'string' },
      Enabled: { type: 'boolean' },
      Roles: {
        type: 'array',
        items: {
          type: 'object',
          required: ['Role', 'Sources'],
          properties: {
            Role: role,
            Sources: {
              type: 'array',
              description: 'Every way the user holds the role; they hold it while any does.',
              items: {
                type: 'object',
                required: ['Origin', 'Via', 'Since'],
                properties: {
                  Origin: { enum: ['direct', 'group', 'claim'], description: 'A direct grant, a directory group, or an OpenID Connect claim.' },
                  Via: { type: 'string', description: 'The group(s) or claim value it came through; empty for a direct grant.' },
                  Since: { type: 'string', format: 'date-time' },
                },
              },
            },
          },
        },
      },
    },
  },
  CsRoleChange: {
    type: 'object',
    required: ['Identity', 'DisplayName', 'Role', 'Changed'],
    properties: {
      Identity: { type: 'string', description: 'The SIP address.' },
      DisplayName: { type: 'string' },
      Role: role,
      Changed: { type: 'boolean', description: 'False when the grant already existed.' },
    },
  },
};

export const rolesPaths = {
  '/roles': {
    get: {
      summary: 'Get-PinDeskRoleAssignment: who holds which role, and where each role comes from',
      operationId: 'getRoleAssignments',
      security,
      parameters: [
        {
          name: 'identity',
          in: 'query',
          required: false,
          schema: { type: 'string', maxLength: 512 },
          description: 'Only this user (an empty list when they hold no role).',
        },
      ],
      responses: {
        '200': { description: 'The role holders.', content: json({ type: 'array', items: ref('CsRoleAssignment') }) },
        '400': error('identity too long or holding a control character.'),
        '404': error('USER_NOT_FOUND.'),
        '409': error('IDENTITY_AMBIGUOUS.'),
        ...refusals,
      },
    },
  },
  '/roles/grant': change('Grant-PinDeskRole: grant a role directly', 'grantRole', 'IDENTITY_AMBIGUOUS.'),
  '/roles/revoke': change(
    'Revoke-PinDeskRole: revoke a direct grant',
    'revokeRole',
    'LAST_ADMINISTRATOR (PinDesk always keeps one enabled CsAdministrator; nothing changed), NOT_GRANTED (no direct grant: the role comes from a directory group or sign-in claim, or is not held) or IDENTITY_AMBIGUOUS.',
  ),
} as const;
