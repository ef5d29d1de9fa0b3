/**
 * "Test connection" on the Directory page: connect, check the certificate, bind, and count the
 * users in scope under each base DN (up to a cap, so a large directory answers quickly).
 * Bounded in time; every failure comes back as describeLdapError's message.
 */
import type { Client } from 'ldapts';
import { checkFilters, describeLdapError, hostAndPort, LdapSourceError, openLdap, type LdapErrorCode } from './connection';
import { effectiveFilter, type LdapSourceSettings } from './settings';

/** Users counted per base DN before the count is shown as "1,000+". */
const COUNT_CAP = 1000;

export type LdapConnectionTest =
  | { ok: true; message: string; details: { server: string; tls: 'StartTLS' | 'LDAPS'; inScope: { baseDn: string; count: string }[] } }
  | { ok: false; code: LdapErrorCode; message: string };

/** Tries `settings` with `bindPassword`; never throws, and takes at most about settings.timeoutMs. */
export async function testLdapConnection(settings: LdapSourceSettings, bindPassword: string): Promise<LdapConnectionTest> {
  const deadline = AbortSignal.timeout(settings.timeoutMs);
  let client: Client | null = null;
  try {
    checkFilters(settings);
    client = await openLdap(settings, bindPassword, { signal: deadline });
    const inScope: { baseDn: string; count: string }[] = [];
    for (const baseDn of settings.baseDns) inScope.push({ baseDn, count: await countInScope(client, settings, baseDn, deadline) });
    const { host, port } = hostAndPort(settings.url);
    const tls = settings.url.startsWith('ldaps:') ? 'LDAPS' : 'StartTLS';
    const counted = inScope.map((s) => `${s.count} in ${s.baseDn}`).join(', ');
    return {
      ok: true,
      message: `Connected to ${host}:${port} over ${tls} and bound as "${settings.bindDn}"; users in scope: ${counted}.`,
      details: { server: `${host}:${port}`, tls, inScope },
    };
  } catch (error) {
    const described =
      deadline.aborted && !(error instanceof LdapSourceError && error.code !== 'ABORTED') ? timeoutError(settings) : describeLdapError(error, settings);
    return { ok: false, code: described.code, message: described.message };
  } finally {
    await client?.unbind().catch(() => undefined);
  }
}

async function countInScope(client: Client, settings: LdapSourceSettings, baseDn: string, signal: AbortSignal): Promise<string> {
  let count = 0;
  try {
    // '1.1' asks for no attributes: only the entries are counted.
    for await (const page of client.searchPaginated(baseDn, {
      scope: 'sub',
      filter: effectiveFilter(settings),
      attributes: ['1.1'],
      paged: { pageSize: Math.min(settings.pageSize, COUNT_CAP) },
    })) {
      count += page.searchEntries.length;
      if (count > COUNT_CAP) return `${COUNT_CAP.toLocaleString('en-US')}+`;
      if (signal.aborted) throw timeoutError(settings);
    }
  } catch (error) {
    throw describeLdapError(error, { ...settings, baseDns: [baseDn] });
  }
  return count.toLocaleString('en-US');
}

function timeoutError(settings: LdapSourceSettings): LdapSourceError {
  const { host, port } = hostAndPort(settings.url);
  return new LdapSourceError(
    'TIMEOUT',
    `${host}:${port} did not finish the test within ${Math.round(settings.timeoutMs / 1000)} seconds; check that the server is up and reachable, or raise the timeout.`,
  );
}
