/**
 * Property: whatever strings a caller sends — NUL, lone surrogates, prototype names, huge and
 * tiny numbers, dates no database takes, thousands of stars — every REST route answers 2xx or
 * 4xx, never a 500, and every server action answers a result that is not the generic
 * "something went wrong" (its 500). A refused call stores nothing: no audit event other than
 * refusals, no policy, no PIN hash changes. Through the real handlers and actions in-process
 * (route-harness.ts), with real authentication, on both engines.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import * as apiTokenActions from '../../app/(admin)/api-tokens/actions';
import * as auditActions from '../../app/(admin)/audit/actions';
import * as bridgeActions from '../../app/(admin)/bridges/actions';
import * as accessNumberActions from '../../app/(admin)/conferencing/access-numbers/actions';
import * as policyActions from '../../app/(admin)/conferencing/pin-policies/actions';
import * as jobActions from '../../app/(admin)/jobs/actions';
import * as userActions from '../../app/(admin)/users/actions';
import { previewBulkJobAction } from '../../app/(admin)/users/bulk-actions';
import { GET as exportAudit } from '../../app/api/v1/audit/export/route';
import { POST as downloadJobPins } from '../../app/api/v1/bulk-jobs/[id]/pins/download/route';
import { GET as jobPins } from '../../app/api/v1/bulk-jobs/[id]/pins/route';
import { GET as jobProgress } from '../../app/api/v1/bulk-jobs/[id]/route';
import { GET as pinInfo } from '../../app/api/v1/pin-info/route';
import { POST as grantPolicy } from '../../app/api/v1/pin-policies/grant/route';
import { DELETE as removePolicy, GET as getPolicies, PATCH as setPolicy, POST as newPolicy } from '../../app/api/v1/pin-policies/route';
import { POST as lockPin } from '../../app/api/v1/pins/lock/route';
import { POST as setPin } from '../../app/api/v1/pins/set/route';
import { POST as unlockPin } from '../../app/api/v1/pins/unlock/route';
import { GET as getUsers } from '../../app/api/v1/users/route';
import { db } from './helpers';
import { apiRequest, callAction, callRoute, sessionCookieFor, tokenFor, type RouteHandler } from './route-harness';

const RUNS_PER_ROUTE = 100;
const RUNS_PER_ACTION = 50;

/** The strings a hostile or careless caller sends. */
const hostileText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ maxLength: 300 }),
  fc.constantFrom(
    '__proto__',
    'constructor',
    'toString',
    'hasOwnProperty',
    'valueOf',
    'prototype',
    '\u0000',
    'a\u0000b',
    'sip:\u0000@x',
    '\uD800',
    'x\uDFFFy',
    '\r\n',
    '\t',
    '*',
    '*'.repeat(129),
    '*'.repeat(10_000),
    `${'*'.repeat(100)}!`,
    '%',
    '_',
    '\\',
    '%_\\*',
    '+275760-09-13T00:00:00.000Z',
    '-000001-01-01T00:00',
    '0000-01-01T00:00',
    '9999-12-31T23:59',
    '1969-12-31T23:59',
    'Invalid Date',
    '1e308',
    '-1e308',
    '5e-324',
    '1e-400',
    'NaN',
    'Infinity',
    '-0',
    '9'.repeat(400),
    '0x1F',
    '',
    ' ',
    '|(Title=a)(Title=b)',
    `${'('.repeat(600)}Title=x`,
    'constructor=x',
    'OU=Finance,DC=litwareinc,DC=com',
    'site:*',
    'global',
  ),
  fc.integer().map(String),
  fc.double().map(String),
  fc.date({ noInvalidDate: false }).map((d) => (Number.isNaN(d.getTime()) ? 'Invalid Date' : d.toISOString())),
);

/** What a JSON body field can hold: any hostile string, a number of any size, or another JSON value. */
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileText },
  fc.constantFrom(1e308, -1e308, 5e-324, 0, -0, 2 ** 53 + 1, -1, 4, 24, 999, 1000, null, true, false),
  fc.integer(),
  fc.jsonValue({ maxDepth: 2 }),
);

/** A query string of some of `names`, each with a hostile value (repeats included). */
const hostileQuery = (names: string[]) =>
  fc.array(fc.tuple(fc.constantFrom(...names), hostileText), { maxLength: 6 }).map((pairs) => {
    const params = new URLSearchParams();
    for (const [name, value] of pairs) params.append(name, value);
    return params.toString();
  });

/** A JSON body with some of `fields` (hostile values), or any JSON at all, or not JSON. */
const hostileBody = (fields: string[]) =>
  fc.oneof(
    {
      weight: 5,
      arbitrary: fc
        .dictionary(fc.constantFrom(...fields, '__proto__', 'constructor', 'extra'), hostileValue, { maxKeys: fields.length + 1 })
        .map((o) => JSON.stringify(o)),
    },
    fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
    hostileText,
  );

const stored = async () => ({
  audit: await db.auditEvent.count({ where: { action: { not: 'authorization.denied' } } }),
  policies: await db.pinPolicy.count(),
  pins: await db.pinState.count({ where: { pinHash: { not: null } } }),
  grants: await db.directoryUser.count({ where: { pinPolicyId: { not: null } } }),
});

let token = '';
let cookie = '';

beforeAll(async () => {
  token = (await tokenFor(['CsAdministrator'])).token;
  cookie = (await sessionCookieFor(['CsAdministrator'])).cookie;
});

type RouteCase = { name: string; method: string; path: string; handler: RouteHandler<never>; query?: string[]; body?: string[]; pathId?: boolean };

const routes: RouteCase[] = [
  {
    name: 'GET /users',
    method: 'GET',
    path: '/api/v1/users',
    handler: getUsers as RouteHandler<never>,
    query: ['q', 'fp', 'fo', 'fv', 'max', 'page', 'ou', 'ldapFilter'],
  },
  { name: 'GET /pin-info', method: 'GET', path: '/api/v1/pin-info', handler: pinInfo as RouteHandler<never>, query: ['identity'] },
  { name: 'POST /pins/set', method: 'POST', path: '/api/v1/pins/set', handler: setPin as RouteHandler<never>, query: ['whatIf'], body: ['identity', 'pin'] },
  { name: 'POST /pins/lock', method: 'POST', path: '/api/v1/pins/lock', handler: lockPin as RouteHandler<never>, query: ['whatIf'], body: ['identity'] },
  { name: 'POST /pins/unlock', method: 'POST', path: '/api/v1/pins/unlock', handler: unlockPin as RouteHandler<never>, query: ['whatIf'], body: ['identity'] },
  { name: 'GET /pin-policies', method: 'GET', path: '/api/v1/pin-policies', handler: getPolicies as RouteHandler<never>, query: ['identity', 'filter'] },
  {
    name: 'POST /pin-policies',
    method: 'POST',
    path: '/api/v1/pin-policies',
    handler: newPolicy as RouteHandler<never>,
    query: ['whatIf'],
    body: ['Identity', 'Description', 'MinPasswordLength', 'PINHistoryCount', 'PINLifetime', 'MaximumLogonAttempts', 'AllowCommonPatterns'],
  },
  {
    name: 'PATCH /pin-policies',
    method: 'PATCH',
    path: '/api/v1/pin-policies',
    handler: setPolicy as RouteHandler<never>,
    query: ['whatIf'],
    body: ['Identity', 'Description', 'MinPasswordLength', 'PINHistoryCount', 'PINLifetime', 'MaximumLogonAttempts', 'AllowCommonPatterns'],
  },
  { name: 'DELETE /pin-policies', method: 'DELETE', path: '/api/v1/pin-policies', handler: removePolicy as RouteHandler<never>, query: ['identity', 'whatIf'] },
  {
    name: 'POST /pin-policies/grant',
    method: 'POST',
    path: '/api/v1/pin-policies/grant',
    handler: grantPolicy as RouteHandler<never>,
    query: ['whatIf'],
    body: ['identity', 'policy'],
  },
  {
    name: 'GET /bulk-jobs/[id]',
    method: 'GET',
    path: '/api/v1/bulk-jobs/x',
    handler: jobProgress as RouteHandler<never>,
    query: ['page', 'problemsPage'],
    pathId: true,
  },
  { name: 'GET /bulk-jobs/[id]/pins', method: 'GET', path: '/api/v1/bulk-jobs/x/pins', handler: jobPins as RouteHandler<never>, query: ['page'], pathId: true },
  {
    name: 'POST /bulk-jobs/[id]/pins/download',
    method: 'POST',
    path: '/api/v1/bulk-jobs/x/pins/download',
    handler: downloadJobPins as RouteHandler<never>,
    pathId: true,
  },
  {
    name: 'GET /audit/export',
    method: 'GET',
    path: '/api/v1/audit/export',
    handler: exportAudit as RouteHandler<never>,
    query: ['actor', 'target', 'action', 'outcome', 'from', 'to'],
  },
];

describe('every REST route, arbitrary parameters', () => {
  it.each(routes)('$name answers 2xx or 4xx, and a refusal stores nothing', async (route) => {
    await fc.assert(
      fc.asyncProperty(
        route.query ? hostileQuery(route.query) : fc.constant(''),
        route.body ? hostileBody(route.body) : fc.constant(undefined),
        hostileText,
        async (query, body, id) => {
          const before = await stored();
          const request = apiRequest(token, route.method, `${route.path}${query ? `?${query}` : ''}`, body);
          const response = await callRoute(route.handler, request, (route.pathId ? { params: Promise.resolve({ id }) } : undefined) as never);
          // The whole answer: a streamed export that failed midway would throw here.
          const text = await response.text();
          expect(response.status, `${route.name} ${query} ${body ?? ''} → ${text.slice(0, 300)}`).toBeLessThan(500);
          if (response.status >= 400) {
            expect(JSON.parse(text)).toMatchObject({ error: expect.any(String) });
            expect(await stored()).toEqual(before);
          }
        },
      ),
      { numRuns: RUNS_PER_ROUTE },
    );
  });
});

type ActionCase = { name: string; action: (input: unknown) => Promise<unknown>; fields: string[] };

const actions: ActionCase[] = [
  { name: 'users.lockPin', action: userActions.lockPinAction, fields: ['userIds'] },
  { name: 'users.unlockPin', action: userActions.unlockPinAction, fields: ['userIds'] },
  { name: 'users.setPin', action: userActions.setPinAction, fields: ['mode', 'userId', 'pin'] },
  { name: 'users.pinStatus', action: userActions.pinStatusAction, fields: ['userId'] },
  { name: 'users.assignPolicy', action: userActions.assignPolicyAction, fields: ['userIds', 'policy'] },
  { name: 'users.selectAll', action: userActions.selectAllAction, fields: ['q', 'filters', 'max', 'page'] },
  { name: 'users.saveQuery', action: userActions.saveQueryAction, fields: ['name', 'search'] },
  { name: 'users.deleteQuery', action: userActions.deleteQueryAction, fields: ['id'] },
  { name: 'users.importQueries', action: userActions.importQueriesAction, fields: ['text'] },
  { name: 'users.previewBulkJob', action: previewBulkJobAction, fields: ['kind', 'selection', 'options'] },
  { name: 'jobs.cancel', action: jobActions.cancelJobAction, fields: ['jobId'] },
  { name: 'jobs.dismissPins', action: jobActions.dismissPinsAction, fields: ['jobId'] },
  {
    name: 'policies.create',
    action: policyActions.createPolicyAction,
    fields: ['identity', 'description', 'minPasswordLength', 'pinHistoryCount', 'pinLifetime', 'allowCommonPatterns', 'maximumLogonAttempts'],
  },
  {
    name: 'policies.update',
    action: policyActions.updatePolicyAction,
    fields: ['identity', 'description', 'minPasswordLength', 'pinHistoryCount', 'pinLifetime', 'maximumLogonAttempts'],
  },
  { name: 'policies.updateMany', action: policyActions.updatePoliciesAction, fields: ['identities', 'changes'] },
  { name: 'policies.remove', action: policyActions.removePolicyAction, fields: ['identities'] },
  {
    name: 'policies.reviewUpdate',
    action: policyActions.reviewPolicyUpdateAction,
    fields: ['identity', 'description', 'minPasswordLength', 'pinHistoryCount', 'pinLifetime', 'maximumLogonAttempts'],
  },
  {
    name: 'policies.reviewCreate',
    action: policyActions.reviewPolicyCreationAction,
    fields: ['identity', 'description', 'minPasswordLength', 'pinHistoryCount', 'pinLifetime', 'allowCommonPatterns', 'maximumLogonAttempts'],
  },
  { name: 'policies.reviewUpdateMany', action: policyActions.reviewPoliciesUpdateAction, fields: ['identities', 'changes'] },
  { name: 'policies.reviewRemove', action: policyActions.reviewPolicyRemovalAction, fields: ['identities'] },
  {
    name: 'accessNumbers.create',
    action: accessNumberActions.createAccessNumberAction,
    fields: ['displayName', 'displayNumber', 'lineUri', 'primaryLanguage', 'secondaryLanguages', 'regions'],
  },
  {
    name: 'accessNumbers.update',
    action: accessNumberActions.updateAccessNumberAction,
    fields: ['id', 'displayName', 'displayNumber', 'lineUri', 'primaryLanguage', 'secondaryLanguages', 'regions'],
  },
  { name: 'accessNumbers.delete', action: accessNumberActions.deleteAccessNumberAction, fields: ['id'] },
  { name: 'bridges.revoke', action: bridgeActions.revokeBridgeAction, fields: ['id'] },
  { name: 'apiTokens.revoke', action: apiTokenActions.revokeApiTokenAction, fields: ['id'] },
  { name: 'audit.verify', action: auditActions.verifyAuditAction, fields: [] },
];

/** An action's argument: an object of its fields (hostile values, arrays of them), any JSON, or a bare string. */
const hostileInput = (fields: string[]) =>
  fc.oneof(
    {
      weight: 5,
      arbitrary: fc.dictionary(fc.constantFrom(...fields, '__proto__', 'constructor'), fc.oneof(hostileValue, fc.array(hostileValue, { maxLength: 3 })), {
        maxKeys: fields.length + 1,
      }),
    },
    fc.jsonValue({ maxDepth: 3 }),
    hostileText,
  );

describe('every server action, arbitrary input', () => {
  it.each(actions)('$name answers a result, never the generic failure, and a refusal stores nothing', async ({ name, action, fields }) => {
    await fc.assert(
      fc.asyncProperty(hostileInput(fields), async (input) => {
        const before = await stored();
        const result = (await callAction(cookie, action, input)) as { ok: boolean; code?: string; message?: string };
        expect(result, `${name} ${JSON.stringify(input)?.slice(0, 300)}`).toMatchObject({ ok: expect.any(Boolean) });
        // Signed in with every permission: a refusal here is about the input, not the caller.
        expect(['INTERNAL', 'UNAUTHENTICATED', 'FORBIDDEN'], `${name} ${JSON.stringify(input)?.slice(0, 300)}: ${result.message}`).not.toContain(result.code);
        if (!result.ok) expect(await stored()).toEqual(before);
      }),
      { numRuns: RUNS_PER_ACTION },
    );
  });
});
