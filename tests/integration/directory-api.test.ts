/**
 * The /api/v1/directory routes through the real route handlers in-process (route-harness.ts),
 * with real API tokens, on both engines: an import preview and an import followed to its end
 * through GET /directory/runs/{id}, a CsUserAdministrator refused on every route, bodies too
 * large, and the input checks.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { POST as importRoute } from '../../app/api/v1/directory/import/route';
import { GET as runRoute } from '../../app/api/v1/directory/runs/[id]/route';
import { POST as syncRoute } from '../../app/api/v1/directory/sync/route';
import { openApiDocument } from '../../lib/api/openapi';
import { createSource } from '../../lib/db/directory-sources';
import { apiRequest, callRoute } from './route-harness';
import { tokenFor } from './route-harness';
import { db } from './helpers';

let administrator = '';
let userAdministrator = '';
const created: string[] = [];

beforeAll(async () => {
  administrator = (await tokenFor(['CsAdministrator'])).token;
  userAdministrator = (await tokenFor(['CsUserAdministrator'])).token;
});

afterEach(async () => {
  await db.directorySource.deleteMany({ where: { id: { in: created.splice(0) } } });
});

function csvRequest(token: string, query: string, body: BodyInit, headers: Record<string, string> = {}): Request {
  return new Request(`http://pindesk.test/api/v1/directory/import${query}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv', ...headers },
    body,
    duplex: 'half',
  } as RequestInit);
}

const importCsv = (token: string, query: string, body: BodyInit) => callRoute(importRoute, csvRequest(token, query, body));
const sync = (token: string, body?: unknown, query = '') => callRoute(syncRoute, apiRequest(token, 'POST', `/api/v1/directory/sync${query}`, body));
const getRun = (token: string, id: string) =>
  callRoute(runRoute, apiRequest(token, 'GET', `/api/v1/directory/runs/${encodeURIComponent(id)}`), { params: Promise.resolve({ id }) });

function exportCsv(tag: string, rows: number): string {
  return [
    '#TYPE Microsoft.Rtc.Management.ADConnect.Schema.OCSADUser',
    '"Identity","DisplayName","SipAddress","LineURI","SamAccountName","UserPrincipalName","Enabled"',
    ...Array.from(
      { length: rows },
      (_, n) =>
        `"CN=Api ${tag} ${n},OU=Imported,DC=litwareinc,DC=com","Api ${tag} ${n}","sip:api${tag}${n}@litwareinc.com","","api${tag}${n}","api${tag}${n}@litwareinc.com","True"`,
    ),
    '"CN=No Sip ' + tag + ',OU=Imported,DC=litwareinc,DC=com","No Sip","","","nosip' + tag + '","nosip' + tag + '@litwareinc.com","True"',
  ].join('\r\n');
}

async function untilEnded(runId: string) {
  for (let i = 0; i < 100; i++) {
    const answer = await getRun(administrator, runId);
    expect(answer.status).toBe(200);
    const run = (await answer.json()) as { status: string };
    if (run.status !== 'running') return run;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the run did not end');
}

describe('POST /api/v1/directory/import', () => {
  it('?whatIf=true answers the preview: encoding, rows, ignored columns, problems by line, counts; nothing changes', async () => {
    const users = await db.directoryUser.count();
    const bytes = fs.readFileSync(path.join('tests', 'fixtures', 'sfb-export', 'ps51-utf16le.csv'));
    const answer = await importCsv(administrator, '?whatIf=true&domain=LITWAREINC', bytes);
    expect(answer.status).toBe(200);
    const preview = await answer.json();
    expect(preview).toMatchObject({
      encoding: 'utf-16le',
      typeName: 'Microsoft.Rtc.Management.ADConnect.Schema.OCSADUser',
      columns: { ignored: expect.arrayContaining(['VoicePolicy']) },
      rows: expect.any(Number),
      result: { runId: null, status: 'previewed', counts: expect.objectContaining({ read: preview.rows }) },
    });
    expect(await db.directoryUser.count()).toBe(users);

    const bad = await importCsv(administrator, '?whatIf=true', fs.readFileSync(path.join('tests', 'fixtures', 'sfb-export', 'bad-rows.csv')));
    expect(bad.status).toBe(200);
    const badPreview = await bad.json();
    expect(badPreview).toMatchObject({ rows: 10, entries: 5, problems: 5 });
    expect(badPreview.result.problems).toContainEqual({ entry: 'line 4', reason: 'it has no SIP address (its SipAddress is empty)' });
  });

  it('imports: 202 {runId}, then GET /directory/runs/{id} follows the run to its counts; the token owner is the actor', async () => {
    const tag = randomUUID().slice(0, 6);
    const answer = await importCsv(administrator, '', exportCsv(tag, 4));
    expect(answer.status).toBe(202);
    const { runId } = (await answer.json()) as { runId: string };
    const run = await untilEnded(runId);
    expect(run).toMatchObject({ id: runId, kind: 'import', status: 'succeeded', sourceName: 'Skype for Business import', created: 4, skipped: 1 });
    expect(await db.directoryUser.count({ where: { sipAddress: { startsWith: `sip:api${tag}` } } })).toBe(4);
    const started = await db.auditEvent.findFirst({ where: { action: 'directory_sync.started', details: { contains: runId } } });
    expect(started).toMatchObject({ actorType: 'user' });
    expect(started!.details).toContain('apiTokenId');
  });

  it('refuses a body over 50 MiB with 413, reading no further than the limit; a declared one at once', async () => {
    let pulled = 0;
    const chunk = new Uint8Array(1024 * 1024).fill(0x41);
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(chunk);
      },
    });
    const answer = await importCsv(administrator, '?whatIf=true', endless);
    expect(answer.status).toBe(413);
    expect(await answer.json()).toMatchObject({ code: 'FILE_TOO_LARGE', error: expect.stringContaining('at most 50 MiB can be imported') });
    expect(pulled).toBeLessThanOrEqual(53);

    const declared = await callRoute(importRoute, csvRequest(administrator, '', 'a', { 'content-length': String(60 * 1024 * 1024) }));
    expect(declared.status).toBe(413);
  });

  it('answers bad input with 400/415/422 and a message: wrong content type, bad domain, empty body, a file without the columns', async () => {
    const json = await callRoute(importRoute, apiRequest(administrator, 'POST', '/api/v1/directory/import', { users: [] }));
    expect(json.status).toBe(415);
    expect(await json.json()).toMatchObject({ error: expect.stringContaining('Content-Type: text/csv') });
    const domain = await importCsv(administrator, '?domain=LIT%20WARE', 'x');
    expect(domain.status).toBe(400);
    expect(await domain.json()).toMatchObject({ code: 'INVALID_INPUT', field: 'domain' });
    const long = await importCsv(administrator, `?domain=${'A'.repeat(16)}`, 'x');
    expect(long.status).toBe(400);
    const whatIf = await importCsv(administrator, '?whatIf=maybe', 'x');
    expect(whatIf.status).toBe(400);
    const empty = await importCsv(administrator, '', '');
    expect(empty.status).toBe(400);
    expect(await empty.json()).toMatchObject({ code: 'FILE_EMPTY' });
    const columns = await importCsv(administrator, '', fs.readFileSync(path.join('tests', 'fixtures', 'sfb-export', 'missing-columns.csv')));
    expect(columns.status).toBe(422);
    expect(await columns.json()).toMatchObject({ code: 'COLUMNS_MISSING' });
  });
});

describe('POST /api/v1/directory/sync and GET /api/v1/directory/runs/{id}', () => {
  it('with several LDAP sources and none named: 400 listing them; an unknown name: 404; the import source: 422', async () => {
    const tag = randomUUID().slice(0, 6);
    const settings = JSON.stringify({ url: 'ldap://127.0.0.1:1', bindDn: 'CN=svc', baseDns: ['DC=litwareinc,DC=com'] });
    for (const name of [`A ${tag}`, `B ${tag}`])
      created.push(await createSource(db, { name, kind: 'ldap', settings, fromEnvironment: true, syncIntervalMinutes: 0, removalGraceHours: 24 }));
    const several = await sync(administrator, {});
    expect(several.status).toBe(400);
    const body = (await several.json()) as { error: string; code: string };
    expect(body.code).toBe('INVALID_INPUT');
    expect(body.error).toContain(`"A ${tag}"`);
    expect(body.error).toContain(`"B ${tag}"`);
    const unknown = await sync(administrator, { source: `C ${tag}`, whatIf: true });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ code: 'SOURCE_NOT_FOUND' });
    const importSource = await sync(administrator, { source: 'Skype for Business import' });
    expect(importSource.status).toBe(422);
    expect(await importSource.json()).toMatchObject({ code: 'NOT_SYNCABLE' });
  });

  it('a preview of an unreachable source: 200 with status failed and the reason', async () => {
    const name = `Unreachable ${randomUUID().slice(0, 6)}`;
    const settings = JSON.stringify({ url: 'ldap://127.0.0.1:1', bindDn: 'CN=svc', baseDns: ['DC=litwareinc,DC=com'], timeoutMs: 2000 });
    created.push(await createSource(db, { name, kind: 'ldap', settings, fromEnvironment: true, syncIntervalMinutes: 0, removalGraceHours: 24 }));
    // A source from the environment binds with DIRECTORY_LDAP_BIND_PASSWORD.
    process.env.DIRECTORY_LDAP_BIND_PASSWORD = 'hunter2-never-shown';
    try {
      const answer = await sync(administrator, { source: name }, '?whatIf=true');
      expect(answer.status).toBe(200);
      const text = await answer.text();
      expect(JSON.parse(text)).toMatchObject({ source: name, status: 'failed', runId: null, message: expect.stringContaining('Cannot reach 127.0.0.1:1') });
      expect(text).not.toContain('hunter2');
    } finally {
      delete process.env.DIRECTORY_LDAP_BIND_PASSWORD;
    }
  });

  it('refuses bad bodies: unknown fields, wrong types, a name too long, a body over 4 KiB', async () => {
    expect((await sync(administrator, { source: 'x', password: 'secret' })).status).toBe(400);
    expect((await sync(administrator, { full: 'yes' })).status).toBe(400);
    const long = await sync(administrator, { source: 'x'.repeat(101) });
    expect(long.status).toBe(400);
    expect(await long.json()).toMatchObject({ code: 'INVALID_INPUT', error: expect.stringContaining('100') });
    const large = await sync(administrator, JSON.stringify({ source: 'x', pad: ' '.repeat(5000) }));
    expect(large.status).toBe(400);
    expect(await large.json()).toMatchObject({ error: expect.stringContaining('larger than 4,096 bytes') });
    const echo = await sync(administrator, { source: 'x', password: 'hunter2-do-not-echo' });
    expect(await echo.text()).not.toContain('hunter2-do-not-echo');
  });

  it('an unknown run: 404; an id too long: 400', async () => {
    const unknown = await getRun(administrator, randomUUID());
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ code: 'RUN_NOT_FOUND' });
    expect((await getRun(administrator, 'x'.repeat(65))).status).toBe(400);
  });
});

describe('a CsUserAdministrator (no directory.manage)', () => {
  it('is refused with 403 on every directory route, and the refusal is audited', async () => {
    const before = await db.auditEvent.count({ where: { action: 'authorization.denied', targetId: 'directory.manage' } });
    const answers = [
      await sync(userAdministrator, { whatIf: true }),
      await importCsv(userAdministrator, '?whatIf=true', exportCsv('nope', 1)),
      await getRun(userAdministrator, randomUUID()),
    ];
    for (const answer of answers) {
      expect(answer.status).toBe(403);
      expect(await answer.json()).toMatchObject({ code: 'FORBIDDEN', error: expect.stringContaining('directory.manage') });
    }
    expect(await db.auditEvent.count({ where: { action: 'authorization.denied', targetId: 'directory.manage' } })).toBe(before + 3);
  });
});

describe('the OpenAPI document', () => {
  it('describes the three routes', () => {
    expect(Object.keys(openApiDocument.paths)).toEqual(expect.arrayContaining(['/directory/sync', '/directory/runs/{id}', '/directory/import']));
    expect(openApiDocument.paths['/directory/import'].post.responses).toHaveProperty('413');
  });
});
