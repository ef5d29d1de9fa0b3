/**
 * The LDAP / Active Directory source's reader. A full read pages through every base DN; a read
 * of changes asks only for entries whose uSNChanged is above the cursor's, which is only
 * meaningful on the domain controller (invocationId) that issued it, and finds the entries that
 * left (tombstones, and changed users now outside the filter or the base DNs).
 *
 * Each step opens its own connection and unbinds it in a finally: the rootDSE read inside
 * read(), the batches inside their generator, gone() inside itself. A caller that never
 * iterates the batches therefore leaves no connection open.
 */
import { AndFilter, Control, EqualityFilter, FilterParser, OrFilter, type Client, type Entry, type Filter } from 'ldapts';
import type { RoleMapping } from '../../auth/role-mapping';
import { guidToBytes, type DirectoryEntry } from '../entry';
import type { DirectoryRead, DirectoryReader, EntryProblem, ReadBatch } from '../reader';
import { checkFilters, describeLdapError, LdapSourceError, openLdap } from './connection';
import { guidOf, mapLdapEntry } from './entry-mapping';
import { readGroupRoles } from './group-roles';
import { requestedAttributes, type LdapSourceSettings } from './settings';

/** LDAP_SERVER_SHOW_DELETED_OID: lets a search see tombstones in CN=Deleted Objects. */
const SHOW_DELETED_OID = '1.2.840.113556.1.4.417';

/** Where a read of changes starts: the USN the domain controller had reached, and which DC that was. */
export type LdapCursor = { invocationId: string; usn: number; host: string; /** When the last full read began (ms since the epoch). */ at: number };

type ServerState = Omit<LdapCursor, 'at'> & { namingContext: string; dsServiceName: string };

/**
 * A full read comes at least this often after the last one: it sees what reads of changes
 * cannot (users whose group membership a memberOf filter tests, deletions a bind account may
 * not list in CN=Deleted Objects, base DNs outside the domain's naming context), and it comes
 * well within AD's tombstone lifetime (60 to 180 days), after which a deletion is unseen.
 */
export const FULL_READ_EVERY_MS = 24 * 60 * 60 * 1000;

type Options = {
  settings: LdapSourceSettings;
  bindPassword: string;
  /** Which groups give which role; none: the sync leaves roles alone. */
  roleMapping?: RoleMapping;
  /** The clock, for tests of old cursors. */
  now?: () => number;
};

/** A DirectoryReader over the LDAP source `settings`, bound with `bindPassword`. */
export function createLdapReader({ settings, bindPassword, roleMapping, now = Date.now }: Options): DirectoryReader {
  return {
    ...(roleMapping
      ? { groupRoles: (signal) => withClient(settings, bindPassword, signal, (client) => readGroupRoles(client, settings, roleMapping, signal)) }
      : {}),
    async read({ since, full, signal }): Promise<DirectoryRead> {
      checkFilters(settings);
      // The rootDSE and the search for changes on one connection: a URL naming several domain
      // controllers must not pair one DC's USN with another's changes.
      return withClient(settings, bindPassword, signal, async (client): Promise<DirectoryRead> => {
        const server = await readServerState(client, settings);
        const at = now();
        const cursor = full ? null : parseCursor(since);
        const fullRead = (): DirectoryRead => ({
          kind: 'full',
          batches: readBatches(settings, bindPassword, server, null, new Set(), signal),
          nextCursor: JSON.stringify({ invocationId: server.invocationId, usn: server.usn, host: server.host, at } satisfies LdapCursor),
        });
        if (!cursor || cursor.invocationId !== server.invocationId || cursor.usn > server.usn || !(at - cursor.at <= FULL_READ_EVERY_MS)) return fullRead();
        // One search for a USN range finds every user changed since the cursor, deleted ones
        // included; the batches then ask for those users by objectGUID (indexed) in scope, and the
        // rest left. A range search may walk every user (Samba's ldb has no ordered index), so it
        // is made once per read, not once per base DN and scope.
        const changes = await readChanges(client, settings, server, cursor.usn, signal);
        // An OU renamed or moved changes its users' DNs without changing the users.
        if (changes.containersChanged) return fullRead();
        const inScope = new Set<string>();
        return {
          kind: 'changes',
          batches: readBatches(settings, bindPassword, server, changes.users, inScope, signal),
          gone: async () => changes.users.filter((guid) => !inScope.has(guid)),
          // The time of the last full read goes on, so one comes at least daily.
          nextCursor: JSON.stringify({ invocationId: server.invocationId, usn: server.usn, host: server.host, at: cursor.at } satisfies LdapCursor),
        };
      });
    },
  };
}

/**
 * The baseline the sync bench divides by: the same paged searches with the same client and
 * settings, entries counted and dropped without mapping.
 */
export async function plainPagedRead(settings: LdapSourceSettings, bindPassword: string): Promise<number> {
  checkFilters(settings);
  return withClient(settings, bindPassword, undefined, async (client) => {
    let count = 0;
    for (const baseDn of settings.baseDns)
      for (const scope of scopeSearches(settings))
        for await (const page of pages({ client, baseDn, filter: scope.filter, attributes: requestedAttributes(settings), settings })) {
          count += page.length;
        }
    return count;
  });
}

/** The searches that make up the scope: in-scope users, then the disabled ones not already matched. */
function scopeSearches(settings: LdapSourceSettings): { filter: string; disabled: boolean }[] {
  const searches = [{ filter: settings.filter, disabled: false }];
  // Disjoint from the first search, so an entry is read once and a custom disabled filter really disables.
  if (settings.disabledFilter) searches.push({ filter: `(&${settings.disabledFilter}(!${settings.filter}))`, disabled: true });
  return searches;
}

/** Users asked for by objectGUID at a time when reading changes (an OR of equalities). */
const GUIDS_PER_SEARCH = 100;

/** `filter`, or `filter` narrowed to these objectGUIDs (their 16 bytes, as AD compares them). */
function narrowed(filter: string, guids: string[] | null, settings: LdapSourceSettings): Filter | string {
  if (guids === null) return filter;
  const any = new OrFilter({ filters: guids.map((guid) => new EqualityFilter({ attribute: settings.attributes.objectGuid, value: guidToBytes(guid) })) });
  return new AndFilter({ filters: [FilterParser.parseString(filter), any] });
}

/** One ReadBatch per page of each base DN's searches; nothing beyond one page is held. */
async function* readBatches(
  settings: LdapSourceSettings,
  bindPassword: string,
  server: ServerState,
  changed: string[] | null,
  seen: Set<string>,
  signal: AbortSignal | undefined,
): AsyncGenerator<ReadBatch> {
  if (changed?.length === 0) return;
  const attributes = requestedAttributes(settings);
  // A full read pages through everything; a read of changes asks for the changed users a chunk at a time.
  const chunks =
    changed === null
      ? [null]
      : Array.from({ length: Math.ceil(changed.length / GUIDS_PER_SEARCH) }, (_, i) => changed.slice(i * GUIDS_PER_SEARCH, (i + 1) * GUIDS_PER_SEARCH));
  const client = await openLdap(settings, bindPassword, { signal });
  try {
    await checkSameServer(client, settings, server);
    for (const baseDn of settings.baseDns) {
      for (const scope of scopeSearches(settings)) {
        for (const guids of chunks) {
          for await (const page of pages({ client, baseDn, filter: narrowed(scope.filter, guids, settings), attributes, settings, signal })) {
            const batch = mapPage(page, settings, scope.disabled, seen);
            // Mapping a page is synchronous: let other work run before the next one.
            await new Promise((resolve) => setImmediate(resolve));
            if (batch.entries.length || batch.problems.length) yield batch;
          }
        }
      }
    }
  } finally {
    await client.unbind().catch(() => undefined);
  }
}

function mapPage(page: Entry[], settings: LdapSourceSettings, disabled: boolean, seen: Set<string>): ReadBatch {
  const entries: DirectoryEntry[] = [];
  const problems: EntryProblem[] = [];
  for (const raw of page) {
    const mapped = mapLdapEntry(raw, settings);
    const key = 'entry' in mapped ? mapped.entry.externalId : mapped.problem.externalId;
    // Nested base DNs would list an entry twice; the first reading stands.
    if (key) {
      if (seen.has(key)) continue;
      seen.add(key);
    }
    if ('entry' in mapped) entries.push(disabled ? { ...mapped.entry, enabled: false } : mapped.entry);
    else problems.push(mapped.problem);
  }
  return { entries, problems };
}

type PageRequest = {
  client: Client;
  baseDn: string;
  filter: Filter | string;
  attributes: string[];
  settings: LdapSourceSettings;
  signal?: AbortSignal;
  controls?: Control[];
};

/** A paged search's pages, errors turned into LdapSourceError, the signal checked between pages. */
async function* pages({ client, baseDn, filter, attributes, settings, signal, controls }: PageRequest): AsyncGenerator<Entry[]> {
  const search = client.searchPaginated(
    baseDn,
    { scope: 'sub', filter, attributes, explicitBufferAttributes: [settings.attributes.objectGuid], paged: { pageSize: settings.pageSize } },
    controls,
  );
  try {
    for await (const page of search) {
      checkAborted(signal);
      yield page.searchEntries;
    }
  } catch (error) {
    throw describeLdapError(error, { ...settings, baseDns: [baseDn] });
  }
}

/** rootDSE's highestCommittedUSN and host, and the invocationId of the DC's NTDS settings object. */
async function readServerState(client: Client, settings: LdapSourceSettings): Promise<ServerState> {
  try {
    const { searchEntries } = await client.search('', {
      scope: 'base',
      filter: '(objectClass=*)',
      attributes: ['highestCommittedUSN', 'dsServiceName', 'dnsHostName', 'defaultNamingContext'],
    });
    const root = searchEntries[0] ?? { dn: '' };
    const usn = Number(text(attributeOf(root, 'highestCommittedUSN')));
    const dsServiceName = text(attributeOf(root, 'dsServiceName'));
    if (!Number.isSafeInteger(usn) || !dsServiceName)
      throw new LdapSourceError(
        'LDAP_ERROR',
        'The server is not an Active Directory domain controller: its rootDSE has no highestCommittedUSN or dsServiceName.',
      );
    const { searchEntries: ntds } = await client.search(dsServiceName, {
      scope: 'base',
      filter: '(objectClass=*)',
      attributes: ['invocationId'],
      explicitBufferAttributes: ['invocationId'],
    });
    const invocationId = ntds[0] ? guidOf(attributeOf(ntds[0], 'invocationId')) : null;
    if (!invocationId)
      throw new LdapSourceError(
        'LDAP_ERROR',
        'The domain controller did not show its invocationId; the bind account needs read access to its NTDS Settings object.',
      );
    return {
      invocationId,
      usn,
      dsServiceName,
      host: text(attributeOf(root, 'dnsHostName')) || settings.url,
      namingContext: text(attributeOf(root, 'defaultNamingContext')) || settings.baseDns[0],
    };
  } catch (error) {
    throw describeLdapError(error, settings);
  }
}

/**
 * The objectGUIDs of the users changed since `sinceUsn` up to the USN read at the start (a
 * user changed after that is the next run's business): live ones, and deleted ones through
 * their tombstones (Show Deleted). Those the batches do not find in scope have left it. Also
 * whether an OU or container changed in that range (renamed or moved, its users with it).
 */
async function readChanges(
  client: Client,
  settings: LdapSourceSettings,
  server: ServerState,
  sinceUsn: number,
  signal?: AbortSignal,
): Promise<{ users: string[]; containersChanged: boolean }> {
  const users = new Set<string>();
  let containersChanged = false;
  const request = {
    client,
    baseDn: server.namingContext,
    filter: `(&(|(objectClass=user)(objectClass=organizationalUnit)(objectClass=container))(uSNChanged>=${sinceUsn + 1})(uSNChanged<=${server.usn}))`,
    attributes: [settings.attributes.objectGuid, 'objectClass'],
    settings,
    signal,
    controls: [new Control(SHOW_DELETED_OID, { critical: true })],
  };
  for await (const page of pages(request)) {
    for (const entry of page) {
      const classes = ([] as unknown[]).concat(attributeOf(entry, 'objectClass') ?? []).map((c) => String(c).toLowerCase());
      if (!classes.includes('user')) {
        // CN=Deleted Objects changes as users are deleted into it: that is not a move.
        if (!/^CN=Deleted Objects,/i.test(String(entry.dn))) containersChanged = true;
        continue;
      }
      const guid = guidOf(attributeOf(entry, settings.attributes.objectGuid));
      if (guid) users.add(guid);
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
  return { users: [...users], containersChanged };
}

/** The batches' connection must reach the domain controller the read began on. */
async function checkSameServer(client: Client, settings: LdapSourceSettings, server: ServerState) {
  const { searchEntries } = await client.search('', { scope: 'base', filter: '(objectClass=*)', attributes: ['dsServiceName'] }).catch((error: unknown) => {
    throw describeLdapError(error, settings);
  });
  if (text(attributeOf(searchEntries[0] ?? { dn: '' }, 'dsServiceName')) !== server.dsServiceName)
    throw new LdapSourceError(
      'LDAP_ERROR',
      'The read reached another domain controller part-way (the URL names several). Sync again; to read changes reliably, name one domain controller in the URL.',
    );
}

/** A cursor this reader wrote, or null for none / another format (a full read follows). */
export function parseCursor(since: string | null): LdapCursor | null {
  if (!since || since.length > 1024) return null;
  try {
    const value = JSON.parse(since) as Partial<LdapCursor>;
    if (typeof value?.invocationId !== 'string' || !Number.isSafeInteger(value.usn) || (value.usn ?? -1) < 0) return null;
    // A cursor without its time counts as too old.
    const at = typeof value.at === 'number' && Number.isFinite(value.at) ? value.at : 0;
    return { invocationId: value.invocationId, usn: value.usn as number, host: typeof value.host === 'string' ? value.host : '', at };
  } catch {
    return null;
  }
}

async function withClient<T>(
  settings: LdapSourceSettings,
  bindPassword: string,
  signal: AbortSignal | undefined,
  work: (client: Client, settings: LdapSourceSettings) => Promise<T>,
): Promise<T> {
  const client = await openLdap(settings, bindPassword, { signal });
  try {
    return await work(client, settings);
  } finally {
    await client.unbind().catch(() => undefined);
  }
}

function checkAborted(signal: AbortSignal | undefined) {
  if (signal?.aborted) throw new LdapSourceError('ABORTED', 'The directory read was stopped.');
}

/** An attribute's values whatever case the server wrote its name in. */
function attributeOf(entry: Entry, name: string): Entry[string] | undefined {
  if (name in entry) return entry[name];
  const lower = name.toLowerCase();
  const key = Object.keys(entry).find((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : entry[key];
}

function text(value: Entry[string] | undefined): string {
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? '' : Buffer.isBuffer(first) ? first.toString('utf8') : String(first);
}
