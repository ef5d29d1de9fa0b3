/**
 * The OpenAPI description of the scripting endpoints (personal API tokens; what the
 * `pindesk` CLI's remote mode calls). Merged into openapi.ts. Objects use the cmdlets'
 * property names.
 */
import { error, json, ref, security } from './openapi-parts';
const whatIf = {
  name: 'whatIf',
  in: 'query',
  required: false,
  schema: { type: 'boolean', default: false },
  description: 'Dry run: the same checks as the change (identity, PIN rules, lock state, policy ranges), nothing is changed; answers {"WhatIf": "What if: …"}.',
};
const common = {
  '400': error('Invalid input; the message names the field.'),
  '401': error('No session and no token, or an unknown, revoked or expired token (or its owner is disabled).'),
  '403': error("The token owner's current roles do not allow this (audited)."),
  '503': {
    ...error('The database is unavailable (code DATABASE_UNAVAILABLE); nothing was changed. Retry after Retry-After seconds.'),
    headers: { 'Retry-After': { schema: { type: 'integer' } } },
  },
};
const domain = {
  '404': error('Unknown user (USER_NOT_FOUND) or policy (POLICY_NOT_FOUND, SITE_NOT_FOUND).'),
  '409': error('IDENTITY_AMBIGUOUS, POLICY_EXISTS or PIN_LOCKED: code and message in the body.'),
  '422': error('PIN or policy rules: PIN_NOT_DIGITS, PIN_TOO_SHORT, PIN_TOO_LONG, PIN_COMMON_PATTERN, IDENTITY_INVALID, POLICY_INVALID. Never contains a PIN.'),
};
const identityBody = {
  type: 'object',
  required: ['identity'],
  additionalProperties: false,
  properties: { identity: { type: 'string', maxLength: 512, description: 'SIP address, UPN, domain\\account, display name or distinguished name.' } },
};
const policyProps = {
  Description: { type: 'string', maxLength: 1024 },
  MinPasswordLength: { type: 'integer', minimum: 4, maximum: 24 },
  PINHistoryCount: { type: 'integer', minimum: 0, maximum: 20 },
  PINLifetime: { type: 'integer', minimum: 0, maximum: 999, description: 'Days; 0 = never expires. Greater than 0 needs PINHistoryCount > 0.' },
  MaximumLogonAttempts: { type: ['integer', 'null'], minimum: 1, maximum: 999 },
  AllowCommonPatterns: { type: 'boolean' },
};

export const scriptingSecuritySchemes = {
  apiToken: {
    type: 'http',
    scheme: 'bearer',
    description: 'A personal API token (pdt_…) from the API tokens page, shown once. Acts with the owner’s current roles.',
  },
  sessionCookie: { type: 'apiKey', in: 'cookie', name: 'authjs.session-token', description: 'The signed-in browser session (the Users page).' },
};

export const scriptingSchemas = {
  ScriptError: {
    type: 'object',
    required: ['error'],
    properties: {
      error: { type: 'string' },
      code: { type: 'string', description: 'UNAUTHENTICATED, FORBIDDEN, INVALID_INPUT, INTERNAL or a PinError code.' },
      field: { type: 'string' },
      fieldErrors: { type: 'object' },
    },
  },
  WhatIf: {
    type: 'object',
    required: ['WhatIf'],
    properties: {
      WhatIf: { type: 'string', examples: ['What if: Performing the operation "Set-CsClientPin" on target "sip:kenmyer@litwareinc.com" (a generated PIN).'] },
    },
  },
  CsUser: {
    type: 'object',
    properties: {
      Identity: { type: 'string', description: 'The SIP address.' },
      DisplayName: { type: 'string' },
      SipAddress: { type: 'string' },
      Department: { type: 'string' },
      Site: { type: ['string', 'null'] },
    },
  },
  CsClientPinInfo: {
    type: 'object',
    description: 'Get-CsClientPinInfo (PinInfoDetails). Times are ISO 8601 UTC or null.',
    properties: {
      Identity: { type: 'string' },
      DisplayName: { type: 'string' },
      IsPinSet: { type: 'boolean' },
      IsLockedOut: { type: 'boolean' },
      LockKind: { enum: ['admin', 'system', 'temporary', null] },
      LockedOutUntil: { type: ['string', 'null'], format: 'date-time' },
      LastPinChangeTime: { type: ['string', 'null'], format: 'date-time' },
      PinExpirationTime: { type: ['string', 'null'], format: 'date-time' },
      IsExpired: { type: 'boolean' },
      LocalFailures: { type: 'integer' },
      GlobalFailures: { type: 'integer' },
      LastChangedBy: { type: ['string', 'null'] },
      EffectivePolicy: { type: 'string' },
      PolicySource: { enum: ['user', 'site', 'global'] },
    },
  },
  CsPinPolicy: { type: 'object', properties: { Identity: { type: 'string' }, Scope: { enum: ['global', 'site', 'user'] }, ...policyProps } },
  CsPinSetResult: {
    type: 'object',
    required: ['Identity', 'IsPinSet'],
    properties: {
      Identity: { type: 'string' },
      Pin: { type: 'string', description: 'Only when generated: shown this once, never stored.' },
      IsPinSet: { const: true },
    },
  },
};

export const scriptingPaths = {
  '/users': {
    get: {
      summary: 'Search users (Get-CsUser): text, OU with child OUs, filter clauses, LDAP filter, paging',
      operationId: 'searchUsers',
      security,
      parameters: [
        {
          name: 'q',
          in: 'query',
          schema: { type: 'string', maxLength: 256 },
          description:
            'Prefix of display/first/last name, account, SIP address or line URI; also a phone number in any writing (+1 (425) 555-0100, 555-0100), an extension (100), domain\\logon or a UPN; * wildcards on display names.',
        },
        {
          name: 'ou',
          in: 'query',
          schema: { type: 'string', maxLength: 256 },
          description: 'OU distinguished name, e.g. OU=Finance,DC=litwareinc,DC=com; includes child OUs. Invalid: 400.',
        },
        {
          name: 'ldapFilter',
          in: 'query',
          schema: { type: 'string', maxLength: 1024 },
          description:
            'Title=Manager, &(Department=Finance)(Title=Manager), !(…), value*, *value*, Attr=*. Attributes: Title, Department, physicalDeliveryOfficeName/Office, l/City. No OR. Invalid: 400.',
        },
        {
          name: 'fp',
          in: 'query',
          schema: { type: 'array', items: { type: 'string' } },
          description:
            'Filter clause property (department, title, office, city, site, ou, pinPolicy, isPinSet, isLockedOut, lockKind, isPinExpired, pinExpiresWithinDays, enabled), repeated with fo/fv. lockKind: eq/ne Temporary, System or Admin, isEmpty (not locked), isNotEmpty (locked); pinExpiresWithinDays: eq 1–999 (set, not expired, expires within that many days).',
        },
        { name: 'fo', in: 'query', schema: { type: 'array', items: { enum: ['eq', 'ne', 'startsWith', 'contains', 'isEmpty', 'isNotEmpty'] } } },
        { name: 'fv', in: 'query', schema: { type: 'array', items: { type: 'string', maxLength: 256 } } },
        {
          name: 'max',
          in: 'query',
          schema: { type: 'integer', minimum: 1, maximum: 100000, default: 200 },
          description: 'Result set size ("Maximum users to display").',
        },
        { name: 'page', in: 'query', schema: { type: 'integer', minimum: 1, default: 1 }, description: '50 users per page.' },
        {
          name: 'sort',
          in: 'query',
          schema: { enum: ['displayName', 'sipAddress', 'department'], default: 'displayName' },
          description: 'Sort column, then display name; the result set is the first max users in this order. Invalid: 400.',
        },
        { name: 'order', in: 'query', schema: { enum: ['asc', 'desc'], default: 'asc' }, description: 'Sort order. Invalid: 400.' },
      ],
      responses: {
        '200': {
          description: 'One page.',
          content: json({
            type: 'object',
            properties: {
              users: { type: 'array', items: ref('CsUser') },
              total: { type: 'integer' },
              truncated: { type: 'boolean' },
              page: { type: 'integer' },
              pages: { type: 'integer' },
              problems: { type: 'array', items: { type: 'string' } },
            },
          }),
        },
        ...common,
      },
    },
  },
  '/pin-info': {
    get: {
      summary: 'PIN status of one user (Get-CsClientPinInfo)',
      operationId: 'getPinInfo',
      security,
      parameters: [{ name: 'identity', in: 'query', required: true, schema: { type: 'string', maxLength: 512 } }],
      responses: { '200': { description: 'The status.', content: json(ref('CsClientPinInfo')) }, ...common, ...domain },
    },
  },
  '/pins/set': {
    post: {
      summary: 'Set a PIN, or generate one (Set-CsClientPin); needs pin.write',
      operationId: 'setPin',
      security,
      parameters: [whatIf],
      requestBody: {
        required: true,
        content: json({
          type: 'object',
          required: ['identity'],
          additionalProperties: false,
          properties: { ...identityBody.properties, pin: { type: 'string', description: 'Digits; leave out to generate a PIN.' } },
        }),
      },
      responses: {
        '200': { description: 'Set (Cache-Control: no-store).', content: json({ oneOf: [ref('CsPinSetResult'), ref('WhatIf')] }) },
        ...common,
        ...domain,
      },
    },
  },
  '/pins/lock': {
    post: {
      summary: 'Lock a PIN (Lock-CsClientPin); needs pin.lock',
      operationId: 'lockPin',
      security,
      parameters: [whatIf],
      requestBody: { required: true, content: json(identityBody) },
      responses: { '200': { description: 'The status after.', content: json({ oneOf: [ref('CsClientPinInfo'), ref('WhatIf')] }) }, ...common, ...domain },
    },
  },
  '/pins/unlock': {
    post: {
      summary: 'Unlock a PIN (Unlock-CsClientPin); needs pin.lock',
      operationId: 'unlockPin',
      security,
      parameters: [whatIf],
      requestBody: { required: true, content: json(identityBody) },
      responses: { '200': { description: 'The status after.', content: json({ oneOf: [ref('CsClientPinInfo'), ref('WhatIf')] }) }, ...common, ...domain },
    },
  },
  '/pin-policies': {
    get: {
      summary: 'PIN policies (Get-CsPinPolicy)',
      operationId: 'getPinPolicies',
      security,
      parameters: [
        {
          name: 'identity',
          in: 'query',
          schema: { type: 'string', maxLength: 128 },
          description: 'One policy: global, site:<name>, tag:<name> or a bare per-user name (404 if none).',
        },
        {
          name: 'filter',
          in: 'query',
          schema: { type: 'string', maxLength: 128 },
          description: 'Identity wildcard, e.g. site:* (Get-CsPinPolicy -Filter). Longer: 400.',
        },
      ],
      responses: { '200': { description: 'Policies.', content: json({ type: 'array', items: ref('CsPinPolicy') }) }, ...common, ...domain },
    },
    post: {
      summary: 'Create a site or per-user policy (New-CsPinPolicy); needs policy.write',
      operationId: 'newPinPolicy',
      security,
      parameters: [whatIf],
      requestBody: {
        required: true,
        content: json({ type: 'object', required: ['Identity'], additionalProperties: false, properties: { Identity: { type: 'string' }, ...policyProps } }),
      },
      responses: { '200': { description: 'Created.', content: json({ oneOf: [ref('CsPinPolicy'), ref('WhatIf')] }) }, ...common, ...domain },
    },
    patch: {
      summary: 'Change properties of a policy (Set-CsPinPolicy); needs policy.write',
      operationId: 'setPinPolicy',
      security,
      parameters: [whatIf],
      requestBody: {
        required: true,
        content: json({ type: 'object', required: ['Identity'], additionalProperties: false, properties: { Identity: { type: 'string' }, ...policyProps } }),
      },
      responses: { '200': { description: 'Changed.', content: json({ oneOf: [ref('CsPinPolicy'), ref('WhatIf')] }) }, ...common, ...domain },
    },
    delete: {
      summary: 'Remove a policy; global is reset to the defaults (Remove-CsPinPolicy); needs policy.write',
      operationId: 'removePinPolicy',
      security,
      parameters: [{ name: 'identity', in: 'query', required: true, schema: { type: 'string' } }, whatIf],
      responses: {
        '200': {
          description: 'Removed or reset.',
          content: json({ oneOf: [{ type: 'object', properties: { Identity: { type: 'string' }, Reset: { type: 'boolean' } } }, ref('WhatIf')] }),
        },
        ...common,
        ...domain,
      },
    },
  },
  '/pin-policies/grant': {
    post: {
      summary: 'Assign a per-user policy to a user, or null for <Automatic> (Grant-CsPinPolicy); needs policy.grant',
      operationId: 'grantPinPolicy',
      security,
      parameters: [whatIf],
      requestBody: {
        required: true,
        content: json({
          type: 'object',
          required: ['identity', 'policy'],
          additionalProperties: false,
          properties: { ...identityBody.properties, policy: { type: ['string', 'null'] } },
        }),
      },
      responses: {
        '200': {
          description: 'Granted.',
          content: json({ oneOf: [{ type: 'object', properties: { Identity: { type: 'string' }, PolicyName: { type: ['string', 'null'] } } }, ref('WhatIf')] }),
        },
        ...common,
        ...domain,
      },
    },
  },
};
