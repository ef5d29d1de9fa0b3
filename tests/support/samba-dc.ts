/**
 * A real Active Directory domain controller for tests and benches: Debian's samba-ad-dc,
 * provisioned into a fresh temporary folder and listening on a loopback address of its own
 * (127.0.0.N), so parallel test files, the bench and the e2e suite never share one.
 *
 * The recipe and its traps are in /work/shared/STACK.md ("Directory and identity test servers").
 * Entries are written straight into the DC's sam.ldb with Samba's ldb tools (ldbadd, ldbmodify,
 * ldbrename, ldbdel): they go through the same module stack as an LDAP write (uSNChanged,
 * tombstones in CN=Deleted Objects), the running DC sees them at once, and one ldbadd run adds
 * thousands of users in seconds, far faster than one LDAP add per user.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const REALM = 'LITWAREINC.COM';
export const NETBIOS_DOMAIN = 'LITWAREINC';
export const BASE_DN = 'DC=litwareinc,DC=com';
export const SCHEMA_DN = `CN=Schema,CN=Configuration,${BASE_DN}`;
/** provision --host-name: the name in the DC's certificate is `dc1.litwareinc.com`. */
const HOST_NAME = 'dc1';
export const TLS_SERVER_NAME = `${HOST_NAME}.litwareinc.com`;

/** userAccountControl: NORMAL_ACCOUNT (512) + PASSWD_NOTREQD (32); bit 2 (ACCOUNTDISABLE) marks a disabled account. */
export const UAC_ENABLED = 544;
export const UAC_ACCOUNTDISABLE = 2;

const FOLDER_PREFIX = 'pindesk-samba-';
const LOCK_FOLDER = path.join(os.tmpdir(), 'pindesk-samba-addresses');
const SCHEMA_FILES = ['msrtcsip-schema-attributes.ldif', 'msrtcsip-schema-user-class.ldif'];

export type TestUser = {
  /** sAMAccountName, also the CN and the local part of the UPN and SIP address unless given. */
  sam: string;
  displayName?: string;
  givenName?: string;
  sn?: string;
  /** The msRTCSIP-PrimaryUserAddress; `sip:<sam>@litwareinc.com` unless given, null for none. */
  sipAddress?: string | null;
  /** msRTCSIP-Line, e.g. `tel:+14255550100;ext=100`. */
  line?: string;
  /** msRTCSIP-UserEnabled; true unless given, null leaves it unset. */
  sipEnabled?: boolean | null;
  disabled?: boolean;
  /** Any further attributes (telephoneNumber, otherTelephone, department, l, …). */
  attributes?: Record<string, string | string[]>;
};

/** One attribute change for modify(): a value or values replace it, null deletes it. */
export type AttributeChanges = Record<string, string | string[] | null>;

export type SambaDc = {
  /** `ldap://127.0.0.N:389`: for StartTLS (Samba refuses plain simple binds, as a hardened AD does). */
  url: string;
  startTlsUrl: string;
  ldapsUrl: string;
  address: string;
  /** The DC's own CA certificate (PEM): its server certificate is signed by it. */
  caPem: string;
  /** The name in the DC's certificate: a client checks the certificate against it, not the address. */
  tlsServerName: string;
  adminDn: string;
  adminUpn: string;
  adminPassword: string;
  baseDn: string;
  netbiosDomain: string;
  folder: string;
  /** Seconds the provisioning took (measured for the report). */
  provisionSeconds: number;
  addOu(name: string, parentDn?: string): Promise<string>;
  /** Adds users under `ouDn` in one ldbadd run; returns their DNs in order. */
  addUsers(ouDn: string, users: TestUser[]): Promise<string[]>;
  /** Applies attribute changes to several entries in one ldbmodify run. */
  modify(changes: { dn: string; set: AttributeChanges }[]): Promise<void>;
  setAttributes(dn: string, set: AttributeChanges): Promise<void>;
  disableUser(dn: string): Promise<void>;
  enableUser(dn: string): Promise<void>;
  /** Renames the entry's CN in place; returns the new DN. */
  rename(dn: string, newCn: string): Promise<string>;
  /** Moves the entry under another parent (an OU move); returns the new DN. */
  move(dn: string, newParentDn: string): Promise<string>;
  remove(dn: string): Promise<void>;
  /** Adds a security group (its CN and sAMAccountName `name`) with these members (users or groups); returns its DN. */
  addGroup(name: string, parentDn: string, memberDns: string[]): Promise<string>;
  /** Replaces a group's members (none: an empty group). */
  setMembers(groupDn: string, memberDns: string[]): Promise<void>;
  /** Sets a user's password, as an administrator's reset would (samba-tool). */
  setPassword(dn: string, password: string): Promise<void>;
  /** The entry's objectGUID in its usual text form (lower case). */
  guidOf(dn: string): Promise<string>;
  /** rootDSE's highestCommittedUSN as the DC reports it. */
  highestCommittedUsn(): Promise<number>;
  stop(): Promise<void>;
};

export type StartSambaDcOptions = {
  /** A loopback address to use (127.0.0.N); by default a free one is picked and reserved. */
  address?: string;
  /** Seconds to wait for LDAPS to answer after start (default 60). */
  startTimeoutSeconds?: number;
};

const running = new Set<{ child: ChildProcess; folder: string }>();

/**
 * Provisions LITWAREINC.COM into a fresh folder, extends the schema with msRTCSIP-*, starts
 * `samba -i` in its own process group on its own loopback address and resolves once LDAPS
 * answers with the DC's certificate.
 */
export async function startSambaDc(options: StartSambaDcOptions = {}): Promise<SambaDc> {
  await requireSamba();
  cleanStaleRuns();
  const { address, releaseAddress } = options.address ? { address: options.address, releaseAddress: () => {} } : await reserveAddress();
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), FOLDER_PREFIX));
  // Written first, so a run that dies at any later point is recognised and cleaned by the next.
  writeOwner(folder, { ownerPid: process.pid, sambaPid: null, address });
  let child: ChildProcess | null = null;
  try {
    // Meets AD's complexity rule (three character classes, length ≥ 7); never logged.
    const adminPassword = `Pd-${randomBytes(9).toString('base64url')}-a1A`;
    const started = performance.now();
    await run(
      'samba-tool',
      [
        'domain',
        'provision',
        `--realm=${REALM}`,
        `--domain=${NETBIOS_DOMAIN}`,
        `--host-name=${HOST_NAME}`,
        '--server-role=dc',
        '--dns-backend=NONE',
        `--adminpass=${adminPassword}`,
        `--targetdir=${folder}`,
        // An address with a prefix length: Samba takes it as given; a bare 127.0.0.N is not
        // an interface address of this host, so Samba would find "no network interfaces".
        `--option=interfaces=${address}/8`,
        '--option=bind interfaces only=yes',
        // Only the LDAP server: no SMB, Kerberos, NetBIOS or DNS ports to collide with.
        '--option=server services=ldap',
        '--option=prefork children=2',
        `--option=log file=${path.join(folder, 'samba.log')}`,
        // --targetdir moves every other directory into the folder, but not the pid file: without
        // this, a second DC on the machine (another worker's suite) finds /run/samba/samba.pid and exits.
        `--option=pid directory=${path.join(folder, 'run')}`,
      ],
      { maxBuffer: 16 * 1024 * 1024 },
    );
    for (const file of SCHEMA_FILES) await extendSchema(folder, file);
    const provisionSeconds = (performance.now() - started) / 1000;

    const smbConf = path.join(folder, 'etc', 'smb.conf');
    // detached: a process group of its own, ended as one. stdin stays a pipe: in interactive
    // mode Samba exits on EOF there, so it ends even when this process is killed outright.
    child = spawn('samba', ['-i', '-s', smbConf], { detached: true, stdio: ['pipe', 'ignore', 'pipe'] });
    const entry = { child, folder };
    running.add(entry);
    installExitHooks();
    writeOwner(folder, { ownerPid: process.pid, sambaPid: child.pid ?? null, address });
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-4000)));
    const exited = new Promise<never>((_, reject) =>
      child!.once('exit', (code, signal) => reject(new Error(`samba exited during start (${signal ?? code}) on ${address}: ${stderr.trim()}`))),
    );
    exited.catch(() => {});

    const caPemPath = path.join(folder, 'private', 'tls', 'ca.pem');
    await Promise.race([waitForLdaps(address, caPemPath, (options.startTimeoutSeconds ?? 60) * 1000), exited]);
    const caPem = fs.readFileSync(caPemPath, 'utf8');
    const samLdb = path.join(folder, 'private', 'sam.ldb');

    let stopped: Promise<void> | null = null;
    const stop = () =>
      (stopped ??= (async () => {
        await endProcessGroup(child!);
        running.delete(entry);
        fs.rmSync(folder, { recursive: true, force: true });
        releaseAddress();
      })());

    const ldif = (text: string, tool: 'ldbadd' | 'ldbmodify') => applyLdif(samLdb, folder, tool, text);
    const setAttributes = (dn: string, set: AttributeChanges) => modify([{ dn, set }]);
    const modify = (changes: { dn: string; set: AttributeChanges }[]) => ldif(changes.map(({ dn, set }) => modifyLdif(dn, set)).join('\n'), 'ldbmodify');
    const userAccountControl = async (dn: string) => Number((await searchBase(samLdb, dn, 'userAccountControl')).userAccountControl);
    const renameTo = async (dn: string, newDn: string) => {
      await run('ldbrename', ['-H', samLdb, dn, newDn]);
      return newDn;
    };

    return {
      url: `ldap://${address}:389`,
      startTlsUrl: `ldap://${address}:389`,
      ldapsUrl: `ldaps://${address}:636`,
      address,
      caPem,
      tlsServerName: TLS_SERVER_NAME,
      adminDn: `CN=Administrator,CN=Users,${BASE_DN}`,
      adminUpn: `Administrator@${REALM.toLowerCase()}`,
      adminPassword,
      baseDn: BASE_DN,
      netbiosDomain: NETBIOS_DOMAIN,
      folder,
      provisionSeconds,
      async addOu(name, parentDn = BASE_DN) {
        const dn = `OU=${escapeRdn(name)},${parentDn}`;
        await ldif(`dn: ${dn}\nobjectClass: organizationalUnit\n`, 'ldbadd');
        return dn;
      },
      async addUsers(ouDn, users) {
        const dns = users.map((u) => `CN=${escapeRdn(u.sam)},${ouDn}`);
        if (users.length) await ldif(users.map((u, i) => userLdif(dns[i]!, u)).join('\n'), 'ldbadd');
        return dns;
      },
      modify,
      setAttributes,
      async disableUser(dn) {
        await setAttributes(dn, { userAccountControl: String((await userAccountControl(dn)) | UAC_ACCOUNTDISABLE) });
      },
      async enableUser(dn) {
        await setAttributes(dn, { userAccountControl: String((await userAccountControl(dn)) & ~UAC_ACCOUNTDISABLE) });
      },
      rename: (dn, newCn) => renameTo(dn, `CN=${escapeRdn(newCn)},${parentOf(dn)}`),
      move: (dn, newParentDn) => renameTo(dn, `${firstRdn(dn)},${newParentDn}`),
      async remove(dn) {
        await run('ldbdel', ['-H', samLdb, dn]);
      },
      async addGroup(name, parentDn, memberDns) {
        const dn = `CN=${escapeRdn(name)},${parentDn}`;
        const lines = [`dn: ${dn}`, 'objectClass: group', ldifLine('sAMAccountName', name), ...memberDns.map((member) => ldifLine('member', member))];
        await ldif(`${lines.join('\n')}\n`, 'ldbadd');
        return dn;
      },
      async setMembers(groupDn, memberDns) {
        await setAttributes(groupDn, { member: memberDns.length ? memberDns : null });
      },
      async setPassword(dn, password) {
        await run('samba-tool', ['user', 'setpassword', '--filter', `(distinguishedName=${dn})`, `--newpassword=${password}`, '-H', samLdb, '-s', smbConf]);
      },
      async guidOf(dn) {
        return (await searchBase(samLdb, dn, 'objectGUID')).objectGUID!.toLowerCase();
      },
      async highestCommittedUsn() {
        // The rootDSE is an LDAP view; over ldb the sequence number is what it reports.
        const { stdout } = await run('ldbsearch', ['-H', samLdb, '-s', 'base', '-b', '', 'highestCommittedUSN']);
        return Number(/highestCommittedUSN: (\d+)/.exec(stdout)?.[1] ?? NaN);
      },
      stop,
    };
  } catch (error) {
    if (child) await endProcessGroup(child);
    fs.rmSync(folder, { recursive: true, force: true });
    releaseAddress();
    throw error;
  }
}

/** Fails (never skips) with how to install Samba, so a machine without it cannot pass silently. */
async function requireSamba(): Promise<void> {
  for (const tool of ['samba', 'samba-tool', 'ldbadd', 'ldbmodify']) {
    try {
      await run('sh', ['-c', `command -v ${tool}`]);
    } catch {
      throw new Error(
        `${tool} is not installed: the LDAP tests need a real Samba AD DC. Install it with ` +
          '`apt-get install -y samba-ad-dc ldb-tools ldap-utils` (.ci/run does this in CI).',
      );
    }
  }
}

async function extendSchema(folder: string, file: string): Promise<void> {
  const text = fs.readFileSync(path.join(import.meta.dirname, 'samba', file), 'utf8').replaceAll('${SCHEMA_DN}', SCHEMA_DN);
  await applyLdif(path.join(folder, 'private', 'sam.ldb'), folder, 'ldbmodify', text, ['--option=dsdb:schema update allowed=true']);
}

let ldifCounter = 0;
async function applyLdif(samLdb: string, folder: string, tool: 'ldbadd' | 'ldbmodify', text: string, extra: string[] = []) {
  const file = path.join(folder, `change-${process.pid}-${++ldifCounter}.ldif`);
  fs.writeFileSync(file, text);
  try {
    // --nosync: a test DC need not survive a power cut; fsyncs would dominate bulk adds.
    await run(tool, ['-H', samLdb, '--nosync', ...extra, file], { maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    throw new Error(`${tool} failed: ${stderr.trim() || (error as Error).message}`);
  } finally {
    fs.rmSync(file, { force: true });
  }
}

async function searchBase(samLdb: string, dn: string, attribute: string): Promise<Record<string, string>> {
  const { stdout } = await run('ldbsearch', ['-H', samLdb, '-s', 'base', '-b', dn, attribute]);
  const found: Record<string, string> = {};
  for (const line of stdout.split('\n')) {
    const match = /^([A-Za-z0-9-]+): (.*)$/.exec(line);
    if (match) found[match[1]!] = match[2]!;
  }
  if (!(attribute in found)) throw new Error(`${dn} has no ${attribute} (or does not exist)`);
  return found;
}

function userLdif(dn: string, user: TestUser): string {
  const upn = `${user.sam}@${REALM.toLowerCase()}`;
  const attributes: Record<string, string | string[]> = {
    objectClass: 'user',
    sAMAccountName: user.sam,
    userPrincipalName: upn,
    displayName: user.displayName ?? user.sam,
    userAccountControl: String(user.disabled ? UAC_ENABLED | UAC_ACCOUNTDISABLE : UAC_ENABLED),
  };
  if (user.givenName) attributes.givenName = user.givenName;
  if (user.sn) attributes.sn = user.sn;
  const sip = user.sipAddress === undefined ? `sip:${upn.toLowerCase()}` : user.sipAddress;
  if (sip) attributes['msRTCSIP-PrimaryUserAddress'] = sip;
  if (user.line) attributes['msRTCSIP-Line'] = user.line;
  const enabled = user.sipEnabled === undefined ? true : user.sipEnabled;
  if (enabled !== null) attributes['msRTCSIP-UserEnabled'] = enabled ? 'TRUE' : 'FALSE';
  Object.assign(attributes, user.attributes);
  const lines = [`dn: ${dn}`];
  for (const [name, value] of Object.entries(attributes)) {
    for (const v of [value].flat()) lines.push(ldifLine(name, v));
  }
  return `${lines.join('\n')}\n`;
}

function modifyLdif(dn: string, set: AttributeChanges): string {
  const parts = [`dn: ${dn}`, 'changetype: modify'];
  for (const [name, value] of Object.entries(set)) {
    if (value === null) parts.push(`delete: ${name}`);
    else parts.push(`replace: ${name}`, ...[value].flat().map((v) => ldifLine(name, v)));
    parts.push('-');
  }
  return `${parts.join('\n')}\n`;
}

/** An LDIF attribute line; base64 when the value is not safe as plain text (RFC 2849). */
function ldifLine(name: string, value: string): string {
  const safe = /^[\x01-\x09\x0b-\x0c\x0e-\x1f\x21-\x39\x3b\x3d-\x7f][\x01-\x09\x0b-\x0c\x0e-\x7f]*$/.test(value) && !value.endsWith(' ');
  return safe ? `${name}: ${value}` : `${name}:: ${Buffer.from(value, 'utf8').toString('base64')}`;
}

/** Escapes an RDN value (RFC 4514) for the names tests use. */
function escapeRdn(value: string): string {
  return value.replace(/[,+"\\<>;=]/g, (c) => `\\${c}`).replace(/^[ #]|[ ]$/g, (c) => `\\${c}`);
}

function splitRdn(dn: string): [string, string] {
  for (let i = 0; i < dn.length; i++) {
    if (dn[i] === '\\') i++;
    else if (dn[i] === ',') return [dn.slice(0, i), dn.slice(i + 1)];
  }
  throw new Error(`${dn} has no parent`);
}
const firstRdn = (dn: string) => splitRdn(dn)[0];
const parentOf = (dn: string) => splitRdn(dn)[1];

/** Resolves once a TLS handshake on 636 verifies against the DC's CA and name. */
async function waitForLdaps(address: string, caPemPath: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (fs.existsSync(caPemPath)) {
      try {
        await new Promise<void>((resolve, reject) => {
          const socket = tls.connect({ host: address, port: 636, ca: fs.readFileSync(caPemPath), servername: TLS_SERVER_NAME });
          socket.setTimeout(2000, () => socket.destroy(new Error('handshake timed out')));
          socket.once('secureConnect', () => {
            socket.end();
            resolve();
          });
          socket.once('error', reject);
        });
        return;
      } catch (error) {
        last = (error as Error).message;
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  throw new Error(`Samba did not answer LDAPS on ${address}:636 within ${timeoutMs / 1000} s (${last})`);
}

async function endProcessGroup(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  signalGroup(child.pid, 'SIGTERM');
  const timer = setTimeout(() => signalGroup(child.pid!, 'SIGKILL'), 5000);
  await gone;
  clearTimeout(timer);
  // The prefork workers may outlive the master by a moment; end whatever is left of the group.
  signalGroup(child.pid, 'SIGKILL');
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}

let hooksInstalled = false;
/** A test process that ends (normally or by a signal) takes its DCs with it. */
function installExitHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  const killAll = () => {
    for (const { child, folder } of running) {
      if (child.pid !== undefined) signalGroup(child.pid, 'SIGKILL');
      fs.rmSync(folder, { recursive: true, force: true });
    }
    running.clear();
  };
  process.once('exit', killAll);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      killAll();
      // With our listener gone, the default action (ending the process) applies again.
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    });
  }
}

type Owner = { ownerPid: number; sambaPid: number | null; address: string };

function writeOwner(folder: string, owner: Owner): void {
  fs.writeFileSync(path.join(folder, 'owner.json'), JSON.stringify(owner));
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Folders (and their DCs) of runs whose process is gone: a crashed run leaves nothing behind for long. */
function cleanStaleRuns(): void {
  for (const name of fs.readdirSync(os.tmpdir())) {
    if (!name.startsWith(FOLDER_PREFIX) || name === path.basename(LOCK_FOLDER)) continue;
    const folder = path.join(os.tmpdir(), name);
    let owner: Owner;
    try {
      owner = JSON.parse(fs.readFileSync(path.join(folder, 'owner.json'), 'utf8')) as Owner;
    } catch {
      // No owner file: a folder being created right now, or not ours; only old ones are removed.
      try {
        if (Date.now() - fs.statSync(folder).mtimeMs > 10 * 60_000) fs.rmSync(folder, { recursive: true, force: true });
      } catch {
        // Removed meanwhile.
      }
      continue;
    }
    if (alive(owner.ownerPid)) continue;
    // Only a samba that is still this folder's (pids are reused) is ended.
    if (owner.sambaPid !== null && alive(owner.sambaPid) && commandLine(owner.sambaPid).includes(folder)) {
      signalGroup(owner.sambaPid, 'SIGKILL');
    }
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

function commandLine(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

/**
 * Reserves a free 127.0.0.N (N in 2..250): a lock file created exclusively per address (its
 * content the owner's pid, taken over when that process is gone), then a check that nothing
 * else listens on its LDAP port.
 */
async function reserveAddress(): Promise<{ address: string; releaseAddress: () => void }> {
  fs.mkdirSync(LOCK_FOLDER, { recursive: true });
  for (let attempt = 0; attempt < 200; attempt++) {
    const n = randomInt(2, 251);
    const lock = path.join(LOCK_FOLDER, String(n));
    try {
      fs.writeFileSync(lock, String(process.pid), { flag: 'wx' });
    } catch {
      const holder = Number(fs.readFileSync(lock, { encoding: 'utf8', flag: 'a+' }));
      if (holder && alive(holder)) continue;
      fs.rmSync(lock, { force: true });
      continue;
    }
    const address = `127.0.0.${n}`;
    const release = () => fs.rmSync(lock, { force: true });
    if (await listening(address, 389)) {
      release();
      continue;
    }
    return { address, releaseAddress: release };
  }
  throw new Error('no free loopback address in 127.0.0.2-250 for a Samba DC');
}

function listening(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.setTimeout(500, () => (socket.destroy(), resolve(false)));
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}
