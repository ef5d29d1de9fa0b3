/**
 * The demo directory (`npm run seed`): the litwareinc.com organisation with OUs, sites,
 * PIN policies, dial-in access numbers, role holders and as many generated users as asked,
 * about 45% of them with a PIN in every state (set, expired, admin/system/temporary lock).
 *
 * Names and directory attributes come from a fixed-seed PRNG, so the same --users gives the
 * same people every time. The PIN hashes are real (peppered argon2id of random valid PINs)
 * but drawn from a small pool: hashing one per user would take minutes at 100k users, and
 * the demo PINs are never shown to anyone. Every user gets the same password hash for the
 * same reason.
 */
import { randomInt, randomUUID } from 'node:crypto';
import type { Prisma } from '../generated/sqlite/index.js';
import type { Db, DbTx } from '../client';
import { databaseTarget } from '../database-url';
import { prismaSqlClient } from '../prisma-sql-client';
import { insertInto } from '../sql';
import { userColumns, type UserRow } from '../directory-user-columns';
import type { Provider } from '../../../prisma/providers';
import { hashPassword } from '../../auth/password';
import { getPinHasher } from '../../pin/runtime';
import { findCommonPatterns, phoneDigits } from '../../pin/pin-rules';
import { directoryUserKeys } from '../../users/user-keys';
import { policyDefaults } from '../../pin/policy';
import { logonLimits, OBSERVATION_WINDOW_MS, TEMPORARY_LOCKOUT_MS } from '../../pin/lockout';
import { mulberry32, type Rng } from './seeded-random';

export type SeedDemoDirectoryOptions = {
  /** Directory users in total, the fixed ones (Ken Myer, the Smiths, the role holders) included. */
  users: number;
  /** Sign-in password of every seeded user. */
  password: string;
  log?: (line: string) => void;
  /** Epoch ms that PIN ages and locks are relative to. */
  now?: number;
  /** The engine `db` talks to (bulk inserts are raw SQL); default: the one DATABASE_URL names. */
  provider?: Provider;
};

export const DEMO_DOMAIN = 'litwareinc';
export const DEMO_DNS_DOMAIN = 'litwareinc.com';
/** The directory source the demo users belong to. */
export const DEMO_SOURCE_NAME = 'demo';

/** The role holders, in OU IT; each signs in with its UPN. */
export const demoRoleAccounts = [
  { upn: 'admin@litwareinc.com', role: 'CsAdministrator', displayName: 'PinDesk Admin', lastName: 'Admin' },
  { upn: 'useradmin@litwareinc.com', role: 'CsUserAdministrator', displayName: 'PinDesk User Admin', lastName: 'User Admin' },
  { upn: 'helpdesk@litwareinc.com', role: 'CsHelpDesk', displayName: 'PinDesk Helpdesk', lastName: 'Helpdesk' },
  { upn: 'viewer@litwareinc.com', role: 'CsViewOnlyAdministrator', displayName: 'PinDesk Viewer', lastName: 'Viewer' },
] as const;

/** The per-user policy granted to a few Redmond users. */
export const DEMO_USER_POLICY = 'tag:RedmondUsersPinPolicy';

const DIRECTORY_SEED = 0x11f7_a2e5;
const PIN_STATE_SEED = 0x5eed_0b1d;
const PIN_POOL_SIZE = 32;
const PIN_SHARE = 0.45;
const DAY_MS = 24 * 60 * 60 * 1000;
const MINUTE_MS = 60 * 1000;
/**
 * Rows per INSERT. SQLite caps bind variables per statement at 32,766 and PostgreSQL at
 * 65,535; these stay near 15k.
 */
const USER_ROWS_PER_STATEMENT = 500;
const STATE_ROWS_PER_STATEMENT = 1000;
const HISTORY_ROWS_PER_STATEMENT = 2000;

// ---------------------------------------------------------------------------------------
// Sites, OUs, policies, access numbers

type SiteName = 'Redmond' | 'Dublin' | 'Tokyo';

type SiteSpec = {
  name: SiteName;
  /** E.164 digits of a line: country + area code + local number built from the extension. */
  lineDigits(extension: number): string;
  cities: { city: string; weight: number; office: (rng: Rng) => string }[];
  mobile: (rng: Rng) => string;
};

const pad = (n: number, width: number) => String(n).padStart(width, '0');

const sites: Record<SiteName, SiteSpec> = {
  Redmond: {
    name: 'Redmond',
    // +1 425 55x xxxx (5-digit extensions), +1 425 6xx xxxx beyond.
    lineDigits: (ext) => `1425${ext < 100_000 ? `55${pad(ext, 5)}` : `6${pad(ext - 100_000, 6)}`}`,
    cities: [
      { city: 'Redmond', weight: 75, office: (r) => `Building ${pick(r, [16, 17, 25, 40, 41, 43, 92])}/${int(r, 1, 4)}${pad(int(r, 1, 99), 2)}` },
      { city: 'Bellevue', weight: 15, office: (r) => `Bellevue ${int(r, 2, 30)}${pad(int(r, 1, 40), 2)}` },
      { city: 'Seattle', weight: 10, office: (r) => `Seattle ${int(r, 3, 20)}${pad(int(r, 1, 60), 2)}` },
    ],
    mobile: (r) => `+1 (${pick(r, ['206', '425', '253'])}) 555-${pad(int(r, 0, 9999), 4)}`,
  },
  Dublin: {
    name: 'Dublin',
    // +353 1 55x xxxx, +353 1 6xx xxxx beyond.
    lineDigits: (ext) => `3531${ext < 100_000 ? `55${pad(ext, 5)}` : `6${pad(ext - 100_000, 6)}`}`,
    cities: [
      { city: 'Dublin', weight: 85, office: (r) => `Sandyford ${int(r, 1, 5)}.${pad(int(r, 1, 80), 2)}` },
      { city: 'Cork', weight: 10, office: (r) => `Cork ${int(r, 1, 3)}.${pad(int(r, 1, 30), 2)}` },
      { city: 'Galway', weight: 5, office: (r) => `Galway ${int(r, 1, 2)}.${pad(int(r, 1, 20), 2)}` },
    ],
    mobile: (r) => `+353 8${pick(r, ['3', '5', '6', '7'])} 555 ${pad(int(r, 0, 9999), 4)}`,
  },
  Tokyo: {
    name: 'Tokyo',
    // +81 3 555x xxxx, +81 3 56xx xxxx beyond.
    lineDigits: (ext) => `813${ext < 100_000 ? `555${pad(ext, 5)}` : `56${pad(ext - 100_000, 6)}`}`,
    cities: [
      { city: 'Tokyo', weight: 80, office: (r) => `Shinagawa ${int(r, 5, 31)}F-${pad(int(r, 1, 60), 2)}` },
      { city: 'Yokohama', weight: 12, office: (r) => `Yokohama ${int(r, 2, 15)}F-${pad(int(r, 1, 30), 2)}` },
      { city: 'Osaka', weight: 8, office: (r) => `Osaka ${int(r, 2, 20)}F-${pad(int(r, 1, 30), 2)}` },
    ],
    mobile: (r) => `+81 90-5555-${pad(int(r, 0, 9999), 4)}`,
  },
};

const defaultSiteWeights: [SiteName, number][] = [
  ['Redmond', 50],
  ['Dublin', 30],
  ['Tokyo', 20],
];

type OuSpec = {
  /** From the top: ['Engineering', 'Apps', 'Mobile']. */
  path: string[];
  /** Share of generated users placed directly in this OU (0 = none). */
  weight: number;
  titles: string[];
  managerTitles: string[];
  sites?: [SiteName, number][];
};

const salesTitles = ['Account Executive', 'Sales Representative', 'Inside Sales Representative', 'Sales Engineer', 'Sales Operations Analyst'];
const salesManagers = ['Sales Manager', 'Account Manager', 'Regional Sales Manager', 'Key Account Manager'];

const orgUnits: OuSpec[] = [
  {
    path: ['Finance'],
    weight: 2,
    titles: ['Financial Analyst', 'Senior Financial Analyst', 'Treasury Analyst', 'Controller'],
    managerTitles: ['Finance Manager', 'Treasury Manager'],
  },
  { path: ['Finance', 'Payroll'], weight: 4, titles: ['Payroll Specialist', 'Payroll Administrator', 'Payroll Analyst'], managerTitles: ['Payroll Manager'] },
  {
    path: ['Finance', 'Accounts'],
    weight: 6,
    titles: ['Accountant', 'Senior Accountant', 'Accounts Payable Clerk', 'Accounts Receivable Clerk'],
    managerTitles: ['Accounts Manager', 'Accounting Manager'],
  },
  { path: ['Sales'], weight: 0, titles: [], managerTitles: [] },
  {
    path: ['Sales', 'EMEA'],
    weight: 7,
    titles: salesTitles,
    managerTitles: salesManagers,
    sites: [
      ['Dublin', 90],
      ['Redmond', 10],
    ],
  },
  { path: ['Sales', 'Americas'], weight: 9, titles: salesTitles, managerTitles: salesManagers, sites: [['Redmond', 100]] },
  {
    path: ['Sales', 'APAC'],
    weight: 5,
    titles: salesTitles,
    managerTitles: salesManagers,
    sites: [
      ['Tokyo', 90],
      ['Redmond', 10],
    ],
  },
  { path: ['Engineering'], weight: 2, titles: ['Principal Engineer', 'Architect'], managerTitles: ['Engineering Manager', 'Director of Engineering'] },
  {
    path: ['Engineering', 'Platform'],
    weight: 14,
    titles: ['Software Engineer', 'Senior Software Engineer', 'Site Reliability Engineer', 'Database Engineer'],
    managerTitles: ['Engineering Manager', 'Program Manager'],
  },
  {
    path: ['Engineering', 'Apps'],
    weight: 14,
    titles: ['Software Engineer', 'Senior Software Engineer', 'UX Designer', 'Test Engineer'],
    managerTitles: ['Product Manager', 'Engineering Manager', 'Program Manager'],
  },
  {
    path: ['Engineering', 'Apps', 'Mobile'],
    weight: 8,
    titles: ['iOS Developer', 'Android Developer', 'Software Engineer'],
    managerTitles: ['Product Manager', 'Engineering Manager'],
  },
  {
    path: ['HR'],
    weight: 6,
    titles: ['HR Generalist', 'Recruiter', 'HR Business Partner', 'Benefits Specialist'],
    managerTitles: ['HR Manager', 'Recruiting Manager'],
  },
  {
    path: ['IT'],
    weight: 6,
    titles: ['Systems Administrator', 'Helpdesk Technician', 'Network Engineer', 'Security Analyst'],
    managerTitles: ['IT Manager', 'Service Desk Manager'],
  },
];

const ouDn = (path: string[]) =>
  [...path]
    .reverse()
    .map((name) => `OU=${name},`)
    .join('') + 'DC=litwareinc,DC=com';
/** The DN as a slash path from the domain down (see OrgUnit in models.prisma). */
const ouPath = (path: string[]) => `${DEMO_DNS_DOMAIN}/${path.map((name) => `${name}/`).join('')}`;
const findOu = (...path: string[]) => orgUnits.find((ou) => ou.path.join('/') === path.join('/'))!;

type PolicyRow = {
  identity: string;
  scope: 'global' | 'site' | 'user';
  description: string;
  minPasswordLength: number;
  pinHistoryCount: number;
  pinLifetime: number;
};

const policies: PolicyRow[] = [
  {
    identity: 'global',
    scope: 'global',
    description: policyDefaults.description,
    minPasswordLength: policyDefaults.minPasswordLength,
    pinHistoryCount: policyDefaults.pinHistoryCount,
    pinLifetime: policyDefaults.pinLifetime,
  },
  {
    identity: 'site:Redmond',
    scope: 'site',
    description: 'Redmond site: PINs of at least 6 digits.',
    minPasswordLength: 6,
    pinHistoryCount: 0,
    pinLifetime: 0,
  },
  {
    identity: 'site:Dublin',
    scope: 'site',
    description: 'Dublin site: PINs expire after 90 days; the last 3 cannot be reused.',
    minPasswordLength: 5,
    pinHistoryCount: 3,
    pinLifetime: 90,
  },
  {
    identity: DEMO_USER_POLICY,
    scope: 'user',
    description: 'Selected Redmond users: PINs of at least 7 digits.',
    minPasswordLength: 7,
    pinHistoryCount: 0,
    pinLifetime: 0,
  },
];

const accessNumbers: {
  region: string;
  numbers: { displayName: string; displayNumber: string; lineUri: string; primaryLanguage: string; secondaryLanguages: string[] }[];
}[] = [
  {
    region: 'North America',
    numbers: [
      {
        displayName: 'Redmond Main',
        displayNumber: '+1 (425) 555-0199',
        lineUri: 'tel:+14255550199',
        primaryLanguage: 'en-US',
        secondaryLanguages: ['es-US', 'fr-CA'],
      },
      { displayName: 'Seattle', displayNumber: '+1 (206) 555-0142', lineUri: 'tel:+12065550142', primaryLanguage: 'en-US', secondaryLanguages: ['es-US'] },
      {
        displayName: 'Toll-free (US and Canada)',
        displayNumber: '+1 (800) 555-0177',
        lineUri: 'tel:+18005550177',
        primaryLanguage: 'en-US',
        secondaryLanguages: ['fr-CA'],
      },
    ],
  },
  {
    region: 'Europe',
    numbers: [
      {
        displayName: 'Dublin',
        displayNumber: '+353 1 555 0123',
        lineUri: 'tel:+35315550123',
        primaryLanguage: 'en-GB',
        secondaryLanguages: ['ga-IE', 'fr-FR', 'de-DE'],
      },
      { displayName: 'London', displayNumber: '+44 20 7946 0958', lineUri: 'tel:+442079460958', primaryLanguage: 'en-GB', secondaryLanguages: ['fr-FR'] },
      { displayName: 'Paris', displayNumber: '+33 1 55 50 01 23', lineUri: 'tel:+33155500123', primaryLanguage: 'fr-FR', secondaryLanguages: ['en-GB'] },
    ],
  },
  {
    region: 'Asia Pacific',
    numbers: [
      { displayName: 'Tokyo', displayNumber: '+81 3-5550-0100', lineUri: 'tel:+81355500100', primaryLanguage: 'ja-JP', secondaryLanguages: ['en-US'] },
      { displayName: 'Sydney', displayNumber: '+61 2 5550 1234', lineUri: 'tel:+61255501234', primaryLanguage: 'en-AU', secondaryLanguages: [] },
    ],
  },
];

// ---------------------------------------------------------------------------------------
// Names (no "Smith" and no "Myer": those are the fixed users, so "* Smith" finds exactly them)

const generalFirst = [
  'Aaron',
  'Abigail',
  'Adam',
  'Adriana',
  'Ahmed',
  'Aisha',
  'Alan',
  'Alejandro',
  'Alex',
  'Alexandra',
  'Alice',
  'Alicia',
  'Amanda',
  'Amir',
  'Ana',
  'Andrea',
  'Andrew',
  'Angela',
  'Anil',
  'Anna',
  'Anthony',
  'Arjun',
  'Ashley',
  'Ben',
  'Benjamin',
  'Beth',
  'Brandon',
  'Brian',
  'Carlos',
  'Carmen',
  'Carol',
  'Catherine',
  'Charles',
  'Chen',
  'Chris',
  'Christina',
  'Claire',
  'Daniel',
  'Deepa',
  'Denise',
  'Diana',
  'Diego',
  'Dmitri',
  'Elena',
  'Elizabeth',
  'Emily',
  'Emma',
  'Eric',
  'Ethan',
  'Eva',
  'Fatima',
  'Felipe',
  'Fernando',
  'Frank',
  'Gabriel',
  'Gary',
  'George',
  'Grace',
  'Greg',
  'Hannah',
  'Hector',
  'Helen',
  'Ian',
  'Isabel',
  'Ivan',
  'Jack',
  'Jacob',
  'James',
  'Jamal',
  'Jane',
  'Jasmine',
  'Jason',
  'Javier',
  'Jennifer',
  'Jessica',
  'John',
  'Jonathan',
  'Jordan',
  'Jose',
  'Joseph',
  'Julia',
  'Justin',
  'Karen',
  'Kate',
  'Kevin',
  'Kim',
  'Laura',
  'Lauren',
  'Leah',
  'Li',
  'Linda',
  'Lisa',
  'Luis',
  'Maria',
  'Mark',
  'Martin',
  'Mary',
  'Matthew',
  'Megan',
  'Michael',
  'Michelle',
  'Miguel',
  'Mohammed',
  'Monica',
  'Nancy',
  'Natalie',
  'Nathan',
  'Nicole',
  'Nina',
  'Noah',
  'Olivia',
  'Omar',
  'Pablo',
  'Patricia',
  'Paul',
  'Peter',
  'Priya',
  'Rachel',
  'Rahul',
  'Raj',
  'Rebecca',
  'Ricardo',
  'Robert',
  'Rosa',
  'Ryan',
  'Samantha',
  'Samuel',
  'Sandra',
  'Sara',
  'Scott',
  'Sean',
  'Sergei',
  'Sofia',
  'Sophie',
  'Stephanie',
  'Steven',
  'Susan',
  'Tanya',
  'Thomas',
  'Tim',
  'Tom',
  'Tyler',
  'Valentina',
  'Victor',
  'Victoria',
  'Wei',
  'William',
  'Yasmin',
  'Yusuf',
  'Zoe',
];
const generalLast = [
  'Adams',
  'Ahmed',
  'Alvarez',
  'Anderson',
  'Bailey',
  'Baker',
  'Banerjee',
  'Barnes',
  'Bell',
  'Bennett',
  'Brooks',
  'Brown',
  'Bryant',
  'Butler',
  'Campbell',
  'Carter',
  'Castillo',
  'Chavez',
  'Chen',
  'Clark',
  'Coleman',
  'Collins',
  'Cook',
  'Cooper',
  'Cox',
  'Cruz',
  'Davis',
  'Diaz',
  'Edwards',
  'Evans',
  'Fischer',
  'Fisher',
  'Flores',
  'Foster',
  'Garcia',
  'Gomez',
  'Gonzalez',
  'Gordon',
  'Graham',
  'Gray',
  'Green',
  'Griffin',
  'Gupta',
  'Hall',
  'Hamilton',
  'Harris',
  'Hayes',
  'Henderson',
  'Hernandez',
  'Hill',
  'Hoffmann',
  'Howard',
  'Hughes',
  'Jackson',
  'James',
  'Jenkins',
  'Johnson',
  'Jones',
  'Kapoor',
  'Kelly',
  'Khan',
  'Kim',
  'King',
  'Kowalski',
  'Kumar',
  'Lee',
  'Lewis',
  'Li',
  'Liu',
  'Long',
  'Lopez',
  'Martin',
  'Martinez',
  'Mehta',
  'Miller',
  'Mitchell',
  'Moore',
  'Morales',
  'Morgan',
  'Morris',
  'Murphy',
  'Lane-Fox',
  'Nguyen',
  'Nelson',
  'Novak',
  'Ortiz',
  'Owens',
  'Parker',
  'Patel',
  'Perez',
  'Perry',
  'Peterson',
  'Phillips',
  'Powell',
  'Price',
  'Ramirez',
  'Reed',
  'Reyes',
  'Richardson',
  'Rivera',
  'Roberts',
  'Robinson',
  'Rodriguez',
  'Rogers',
  'Ross',
  'Russell',
  'Sanchez',
  'Sanders',
  'Schmidt',
  'Scott',
  'Shah',
  'Silva',
  'Singh',
  'Stewart',
  'Sullivan',
  'Taylor',
  'Thomas',
  'Thompson',
  'Torres',
  'Turner',
  'Walker',
  'Wang',
  'Ward',
  'Watson',
  'White',
  'Williams',
  'Wilson',
  'Wood',
  'Wright',
  'Wu',
  'Young',
  'Zhang',
];
const irishFirst = [
  'Aoife',
  'Aisling',
  'Brendan',
  'Brian',
  'Caoimhe',
  'Cathal',
  'Ciara',
  'Cian',
  'Ciarán',
  'Clodagh',
  'Colm',
  'Conor',
  'Darragh',
  'Declan',
  'Deirdre',
  'Donal',
  'Eimear',
  'Eoin',
  'Fiona',
  'Fionn',
  'Gráinne',
  'Killian',
  'Laoise',
  'Liam',
  'Máire',
  'Mairéad',
  'Niall',
  'Niamh',
  'Oisín',
  'Orla',
  'Pádraig',
  'Ronan',
  'Róisín',
  'Saoirse',
  'Seán',
  'Shane',
  'Sinéad',
  'Siobhán',
  'Tadhg',
  'Úna',
];
const irishLast = [
  'Brennan',
  'Byrne',
  'Carroll',
  'Doherty',
  'Doyle',
  'Duffy',
  'Dunne',
  'Fitzgerald',
  'Gallagher',
  'Healy',
  'Kavanagh',
  'Keane',
  'Kennedy',
  'Lynch',
  'MacCarthy',
  'McCarthy',
  'McDonagh',
  'McGrath',
  'McLoughlin',
  'Moran',
  'Murphy',
  'Murray',
  'Nolan',
  "O'Brien",
  "O'Connell",
  "O'Connor",
  "O'Donnell",
  "O'Mahony",
  "O'Neill",
  "O'Reilly",
  "O'Sullivan",
  'Power',
  'Quinn',
  'Ryan',
  'Sheehan',
  'Walsh',
];
const japaneseFirst = [
  'Aiko',
  'Akira',
  'Ayaka',
  'Daichi',
  'Daisuke',
  'Emi',
  'Haruka',
  'Haruto',
  'Hina',
  'Hiroshi',
  'Kaito',
  'Kenji',
  'Kenta',
  'Koji',
  'Mai',
  'Makoto',
  'Mei',
  'Miki',
  'Misaki',
  'Naoki',
  'Naomi',
  'Riku',
  'Rin',
  'Ryota',
  'Sakura',
  'Satoshi',
  'Shota',
  'Sora',
  'Takashi',
  'Takumi',
  'Tomoko',
  'Yui',
  'Yuki',
  'Yuko',
  'Yuto',
  'Yusuke',
];
const japaneseLast = [
  'Abe',
  'Fujita',
  'Goto',
  'Hasegawa',
  'Hayashi',
  'Ikeda',
  'Inoue',
  'Ishikawa',
  'Ito',
  'Kato',
  'Kimura',
  'Kobayashi',
  'Kondo',
  'Maeda',
  'Matsumoto',
  'Mori',
  'Murakami',
  'Nakajima',
  'Nakamura',
  'Ogawa',
  'Okada',
  'Saito',
  'Sakamoto',
  'Sasaki',
  'Shimizu',
  'Suzuki',
  'Takahashi',
  'Tanaka',
  'Watanabe',
  'Yamada',
  'Yamaguchi',
  'Yamamoto',
  'Yoshida',
];

/** Names drawn for a site: mostly local, the rest from the general pool. */
const namePools: Record<SiteName, { local: [string[], string[]]; localShare: number }> = {
  Redmond: { local: [generalFirst, generalLast], localShare: 1 },
  Dublin: { local: [irishFirst, irishLast], localShare: 0.6 },
  Tokyo: { local: [japaneseFirst, japaneseLast], localShare: 0.7 },
};

// ---------------------------------------------------------------------------------------
// PRNG helpers

function int(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}

function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)];
}

function weighted<T>(rng: Rng, items: readonly (readonly [T, number])[]): T {
  const total = items.reduce((sum, [, w]) => sum + w, 0);
  let x = rng() * total;
  for (const [item, w] of items) {
    x -= w;
    if (x < 0) return item;
  }
  return items[items.length - 1][0];
}

/** ASCII letters of a name for account names: "Seán O'Brien" → "seanobrien". */
function accountPart(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[^A-Za-z]/g, '')
    .toLowerCase();
}

// ---------------------------------------------------------------------------------------
// The directory generator

type StateRow = Required<Prisma.PinStateCreateManyInput>;
type HistoryRow = Required<Prisma.PinHistoryCreateManyInput>;

const stateColumns = {
  userId: 'user_id',
  pinHash: 'pin_hash',
  pinLength: 'pin_length',
  pinSetAt: 'pin_set_at',
  pinSetMethod: 'pin_set_method',
  pinSetBy: 'pin_set_by',
  adminLockedAt: 'admin_locked_at',
  adminLockedBy: 'admin_locked_by',
  systemLockedAt: 'system_locked_at',
  lockedUntil: 'locked_until',
  windowStart: 'window_start',
  localFailures: 'local_failures',
  globalFailures: 'global_failures',
  lastFailureAt: 'last_failure_at',
  lastLogonAt: 'last_logon_at',
} as const satisfies Record<keyof StateRow, string>;

const historyColumns = {
  id: 'id',
  userId: 'user_id',
  pinHash: 'pin_hash',
  setAt: 'set_at',
} as const satisfies Record<keyof HistoryRow, string>;

type Person = {
  firstName: string;
  lastName: string;
  displayName: string;
  sam: string;
  upn?: string;
  ou: OuSpec;
  site: SiteName;
  title: string;
  city?: string;
  /** Explicit extension (Ken Myer's "100"); undefined = allocate; null = no phone line. */
  extension?: number | null;
  lineUri?: string;
  enabled?: boolean;
  grantPolicy?: boolean;
};

/** Hands out unique names, accounts and extensions; knows which ones the fixed users hold. */
class Directory {
  readonly displayNames = new Set<string>();
  readonly sams = new Set<string>();
  readonly lineDigits = new Set<string>();
  #extensions: number[];
  #nextExtension = 0;
  #overflowExtension = 100_000;

  constructor(private readonly rng: Rng) {
    // Unique 4–5 digit extensions in random order; 6 digits once those run out (~99k lines).
    const pool = Array.from({ length: 99_000 }, (_, i) => 1000 + i);
    for (let i = pool.length - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [pool[i], pool[j]] = [pool[j], pool[i]];
    }
    this.#extensions = pool;
  }

  reserve(person: Pick<Person, 'displayName' | 'sam'>): void {
    this.displayNames.add(person.displayName.toLowerCase());
    this.sams.add(person.sam);
  }

  /** "First Last", else "First M. Last", else "First Last 2": display names stay unique. */
  uniqueDisplayName(first: string, last: string): string {
    const plain = `${first} ${last}`;
    if (this.#claimName(plain)) return plain;
    for (let attempt = 0; attempt < 3; attempt++) {
      const initial = String.fromCharCode(65 + Math.floor(this.rng() * 26));
      const withInitial = `${first} ${initial}. ${last}`;
      if (this.#claimName(withInitial)) return withInitial;
    }
    for (let n = 2; ; n++) {
      if (this.#claimName(`${plain} ${n}`)) return `${plain} ${n}`;
    }
  }

  #claimName(name: string): boolean {
    const key = name.toLowerCase();
    if (this.displayNames.has(key)) return false;
    this.displayNames.add(key);
    return true;
  }

  /** kenmyer, then kenmyer2, kenmyer3, … */
  uniqueSam(first: string, last: string): string {
    const base = accountPart(first) + accountPart(last) || 'user';
    if (!this.sams.has(base)) {
      this.sams.add(base);
      return base;
    }
    for (let n = 2; ; n++) {
      const sam = `${base}${n}`;
      if (!this.sams.has(sam)) {
        this.sams.add(sam);
        return sam;
      }
    }
  }

  /** The next free extension whose line number is free on this site. */
  allocateLine(site: SiteSpec): { extension: number; digits: string } {
    for (;;) {
      const extension = this.#nextExtension < this.#extensions.length ? this.#extensions[this.#nextExtension++] : this.#overflowExtension++;
      const digits = site.lineDigits(extension);
      if (!this.lineDigits.has(digits)) {
        this.lineDigits.add(digits);
        return { extension, digits };
      }
    }
  }
}

function toUserRow(
  person: Person,
  dir: Directory,
  rng: Rng,
  ids: { site: Record<SiteName, string>; userPolicy: string; source: string },
  passwordHash: string,
  createdAt: Date,
): UserRow {
  const site = sites[person.site];
  const cityEntry = person.city
    ? site.cities.find((c) => c.city === person.city)!
    : weighted(
        rng,
        site.cities.map((c) => [c, c.weight] as const),
      );
  const office = cityEntry.office(rng);

  let extension = '';
  let lineUri = '';
  let lineDigits = '';
  if (person.lineUri !== undefined) {
    lineUri = person.lineUri;
    extension = String(person.extension ?? '');
    lineDigits = phoneDigits(lineUri);
    dir.lineDigits.add(lineDigits);
  } else if (person.extension !== null) {
    const line = dir.allocateLine(site);
    extension = String(line.extension);
    lineDigits = line.digits;
    lineUri = `tel:+${line.digits};ext=${extension}`;
  }

  const otherPhones: string[] = [];
  if (person.extension !== null && person.lineUri === undefined) {
    const roll = rng();
    if (roll < 0.4) otherPhones.push(site.mobile(rng));
    if (roll < 0.05) otherPhones.push(site.mobile(rng));
  }

  const upn = person.upn ?? `${person.sam}@${DEMO_DNS_DOMAIN}`;
  const ouDnText = ouDn(person.ou.path);
  const department = person.ou.path[0];
  const userOuPath = ouPath(person.ou.path);
  // What the directory holds, with the same names as the columns: stored as it is and keyed.
  const directory = {
    displayName: person.displayName,
    firstName: person.firstName,
    lastName: person.lastName,
    samAccountName: person.sam,
    domain: DEMO_DOMAIN,
    upn,
    ouPath: userOuPath,
    lineUri,
    title: person.title,
    department,
    office,
    city: cityEntry.city,
  };
  return {
    id: randomUUID(),
    ...directory,
    ...directoryUserKeys(directory),
    sipAddress: `sip:${upn}`,
    // The allocated line's digits (equal to the key's; kept from the allocator that checked them unique).
    lineDigits,
    extension,
    otherPhones: JSON.stringify(otherPhones),
    distinguishedName: `CN=${person.displayName},${ouDnText}`,
    ouDn: ouDnText,
    siteId: ids.site[person.site],
    enabled: person.enabled ?? true,
    pinPolicyId: person.grantPolicy ? ids.userPolicy : null,
    passwordHash,
    // The demo directory is one more source: its users are keyed like any synced user.
    sourceId: ids.source,
    externalId: randomUUID(),
    removedAt: null,
    createdAt,
  };
}

/** The fixed users: Ken Myer, the Smiths and the role holders. None has a PIN. */
function fixedPeople(): Person[] {
  return [
    {
      firstName: 'Ken',
      lastName: 'Myer',
      displayName: 'Ken Myer',
      sam: 'kenmyer',
      ou: findOu('Finance'),
      site: 'Redmond',
      title: 'Finance Manager',
      city: 'Redmond',
      extension: 100,
      lineUri: 'tel:+14255550100;ext=100',
    },
    {
      firstName: 'Pilar',
      lastName: 'Smith',
      displayName: 'Pilar Smith',
      sam: 'pilarsmith',
      ou: findOu('Sales', 'EMEA'),
      site: 'Dublin',
      title: 'Sales Manager',
      city: 'Dublin',
    },
    {
      firstName: 'David',
      lastName: 'Smith',
      displayName: 'David Smith',
      sam: 'davidsmith',
      ou: findOu('Engineering', 'Apps'),
      site: 'Redmond',
      title: 'Software Engineer',
      city: 'Redmond',
    },
    { firstName: 'Amy', lastName: 'Smith', displayName: 'Amy Smith', sam: 'amysmith', ou: findOu('HR'), site: 'Tokyo', title: 'HR Manager', city: 'Tokyo' },
    ...demoRoleAccounts.map((account): Person => ({
      firstName: 'PinDesk',
      lastName: account.lastName,
      displayName: account.displayName,
      sam: account.upn.split('@')[0],
      upn: account.upn,
      ou: findOu('IT'),
      site: 'Redmond',
      title: account.role === 'CsAdministrator' ? 'IT Manager' : 'Systems Administrator',
      city: 'Redmond',
      extension: null,
    })),
  ];
}

const ouWeights = orgUnits.filter((ou) => ou.weight > 0).map((ou) => [ou, ou.weight] as const);

function randomPerson(rng: Rng, dir: Directory, redmondGrants: { count: number }): Person {
  const ou = weighted(rng, ouWeights);
  const site = weighted(rng, ou.sites ?? defaultSiteWeights);
  const pools = namePools[site];
  const [firsts, lasts] = rng() < pools.localShare ? pools.local : [generalFirst, generalLast];
  const firstName = pick(rng, firsts);
  const lastName = pick(rng, lasts);
  const title = rng() < 0.22 ? pick(rng, ou.managerTitles) : pick(rng, ou.titles);
  // A handful of Redmond users hold the per-user policy: the first five, then about 1 in 250.
  let grantPolicy = false;
  if (site === 'Redmond' && (redmondGrants.count < 5 || rng() < 0.004)) {
    grantPolicy = true;
    redmondGrants.count++;
  }
  return {
    firstName,
    lastName,
    displayName: dir.uniqueDisplayName(firstName, lastName),
    sam: dir.uniqueSam(firstName, lastName),
    ou,
    site,
    title,
    extension: rng() < 0.03 ? null : undefined,
    enabled: rng() >= 0.02,
    grantPolicy,
  };
}

// ---------------------------------------------------------------------------------------
// PIN states

type PoolPin = { pin: string; hash: string };

/** Random PINs of 5–8 digits that break no common-pattern rule on their own. */
function randomValidPin(length: number): string {
  const none = { extension: '', lineUri: '', otherPhones: [] };
  for (;;) {
    let pin = '';
    for (let i = 0; i < length; i++) pin += String(randomInt(10));
    if (findCommonPatterns(pin, none).length === 0) return pin;
  }
}

async function hashPinPool(): Promise<PoolPin[]> {
  const hasher = getPinHasher();
  const pins = Array.from({ length: PIN_POOL_SIZE }, (_, i) => randomValidPin(5 + (i % 4)));
  const hashes = await Promise.all(pins.map((pin) => hasher.hash(pin)));
  return pins.map((pin, i) => ({ pin, hash: hashes[i] }));
}

type PinRows = { state: StateRow; history: HistoryRow[] };

/**
 * A PIN in some state for about 45% of users: current, expired (Dublin's 90-day lifetime),
 * admin-, system- or temporarily locked, or with a few recent failures.
 */
function randomPinState(rng: Rng, user: UserRow, site: SiteName, pool: PoolPin[], now: number): PinRows | null {
  if (rng() >= PIN_SHARE) return null;
  const minLength = user.pinPolicyId ? 7 : site === 'Redmond' ? 6 : 5;
  const numbers = { extension: user.extension, lineUri: user.lineUri, otherPhones: JSON.parse(user.otherPhones) as string[] };
  const candidates = pool.filter((p) => p.pin.length >= minLength);
  const usable = (p: PoolPin) => findCommonPatterns(p.pin, numbers).length === 0;
  let current: PoolPin | undefined;
  for (let attempt = 0; attempt < 10 && !current; attempt++) {
    const candidate = pick(rng, candidates);
    if (usable(candidate)) current = candidate;
  }
  if (!current) return null;

  const days = (min: number, max: number) => Math.round((min + rng() * (max - min)) * DAY_MS);
  const expired = site === 'Dublin' && rng() < 0.3;
  const pinSetAt = now - (expired ? days(180, 240) : site === 'Dublin' ? days(1, 85) : days(1, 600));

  const limits = logonLimits(current.pin.length, null);
  const state: StateRow = {
    userId: user.id,
    pinHash: current.hash,
    pinLength: current.pin.length,
    pinSetAt: BigInt(pinSetAt),
    pinSetMethod: 'admin_generated',
    pinSetBy: 'Seed',
    adminLockedAt: null,
    adminLockedBy: null,
    systemLockedAt: null,
    lockedUntil: null,
    windowStart: null,
    localFailures: 0,
    globalFailures: 0,
    lastFailureAt: null,
    lastLogonAt: null,
  };
  const roll = rng();
  if (roll < 0.05) {
    state.adminLockedAt = BigInt(Math.max(pinSetAt + MINUTE_MS, now - days(0, 30)));
    state.adminLockedBy = 'Seed';
  } else if (roll < 0.08) {
    const lockedAt = Math.max(pinSetAt + MINUTE_MS, now - days(0, 20));
    state.systemLockedAt = BigInt(lockedAt);
    state.globalFailures = limits.global;
    state.localFailures = int(rng, 1, limits.local - 1);
    state.windowStart = BigInt(lockedAt - int(rng, 1, 29) * MINUTE_MS);
    state.lastFailureAt = BigInt(lockedAt);
  } else if (roll < 0.11) {
    // Locked by the local limit a little while ago; the lockout is still running.
    const lockedUntil = now + int(rng, 5, 55) * MINUTE_MS;
    const lockedAt = lockedUntil - TEMPORARY_LOCKOUT_MS;
    state.lockedUntil = BigInt(lockedUntil);
    state.localFailures = limits.local;
    state.globalFailures = limits.local + int(rng, 0, 60);
    state.windowStart = BigInt(lockedAt - int(rng, 1, 29) * MINUTE_MS);
    state.lastFailureAt = BigInt(lockedAt);
  } else if (roll < 0.18) {
    // A few failures in an observation window that is still open.
    const windowStart = now - int(rng, 1, OBSERVATION_WINDOW_MS / MINUTE_MS - 5) * MINUTE_MS;
    state.localFailures = int(rng, 1, 5);
    state.globalFailures = state.localFailures + int(rng, 0, 40);
    state.windowStart = BigInt(windowStart);
    state.lastFailureAt = BigInt(windowStart + Math.floor(rng() * (now - windowStart)));
  } else if (roll < 0.6 && !expired) {
    state.lastLogonAt = BigInt(pinSetAt + Math.floor(rng() * (now - pinSetAt)));
  }

  // History: the current PIN, and for some users one or two earlier ones.
  const history: HistoryRow[] = [{ id: randomUUID(), userId: user.id, pinHash: current.hash, setAt: BigInt(pinSetAt) }];
  const earlier = rng() < 0.35 ? int(rng, 1, 2) : 0;
  let setAt = pinSetAt;
  const used = new Set([current.hash]);
  for (let i = 0; i < earlier; i++) {
    const previous = pick(rng, pool);
    if (used.has(previous.hash)) continue;
    used.add(previous.hash);
    setAt -= days(30, 180);
    history.push({ id: randomUUID(), userId: user.id, pinHash: previous.hash, setAt: BigInt(setAt) });
  }
  return { state, history };
}

// ---------------------------------------------------------------------------------------
// Writing

/** Buffers rows and inserts them in multi-row statements. */
class Batcher<T> {
  #rows: T[] = [];
  inserted = 0;
  constructor(
    private readonly size: number,
    private readonly insert: (rows: T[]) => Promise<unknown>,
  ) {}
  async add(row: T): Promise<void> {
    this.#rows.push(row);
    if (this.#rows.length >= this.size) await this.flush();
  }
  async flush(): Promise<void> {
    if (this.#rows.length === 0) return;
    const rows = this.#rows;
    this.#rows = [];
    await this.insert(rows);
    this.inserted += rows.length;
  }
}

async function wipe(tx: DbTx): Promise<void> {
  // Children before parents. The audit trail goes too: a re-seed starts a fresh one.
  await tx.pinHistory.deleteMany();
  await tx.pinState.deleteMany();
  await tx.savedQuery.deleteMany();
  await tx.roleAssignment.deleteMany();
  await tx.directoryUser.deleteMany();
  await tx.directorySyncLease.deleteMany();
  await tx.directorySyncRun.deleteMany();
  await tx.directorySource.deleteMany();
  await tx.orgUnit.deleteMany();
  await tx.site.deleteMany();
  await tx.accessNumberRegion.deleteMany();
  await tx.accessNumber.deleteMany();
  await tx.pinPolicy.deleteMany();
  await tx.bridgeKey.deleteMany();
  await tx.rateLimitBucket.deleteMany();
  await tx.auditEvent.deleteMany();
  await tx.auditChainHead.deleteMany();
}

/**
 * Wipes the directory (its sources and sync history too), PIN, policy, access-number, bridge-key, rate-limit and audit tables
 * and fills them with the demo organisation, in one transaction.
 */
export async function seedDemoDirectory(db: Db, options: SeedDemoDirectoryOptions): Promise<{ users: number }> {
  const log = options.log ?? (() => {});
  const now = options.now ?? Date.now();
  const provider = options.provider ?? databaseTarget().provider;
  const createdAt = new Date();
  const fixed = fixedPeople();
  if (!Number.isInteger(options.users) || options.users < fixed.length) {
    throw new Error(`users must be a whole number of at least ${fixed.length} (got ${options.users}).`);
  }
  if (!options.password) throw new Error('A password for the seeded users is required.');

  log(`Hashing the password and a pool of ${PIN_POOL_SIZE} PINs…`);
  const [passwordHash, pool] = await Promise.all([hashPassword(options.password), hashPinPool()]);

  const total = options.users;
  // Long enough for a million users on a slow disk; the default (5 s) is for requests.
  const timeout = 120_000 + total * 5;
  const progressEvery = Math.max(10_000, Math.ceil(total / 10 / 10_000) * 10_000);

  await db.$transaction(
    async (tx) => {
      log('Wiping existing data…');
      await wipe(tx);

      const siteIds = { Redmond: randomUUID(), Dublin: randomUUID(), Tokyo: randomUUID() } satisfies Record<SiteName, string>;
      await tx.site.createMany({ data: Object.entries(siteIds).map(([name, id]) => ({ id, name })) });
      await tx.orgUnit.createMany({
        data: orgUnits.map((ou) => ({ dn: ouDn(ou.path), name: ou.path[ou.path.length - 1], path: ouPath(ou.path) })),
      });

      const policyIds = new Map<string, string>();
      await tx.pinPolicy.createMany({
        data: policies.map((p) => {
          const id = randomUUID();
          policyIds.set(p.identity, id);
          return { id, ...p, allowCommonPatterns: false, maximumLogonAttempts: null };
        }),
      });

      for (const { region, numbers } of accessNumbers) {
        const rows = numbers.map((n) => ({ id: randomUUID(), ...n, secondaryLanguages: JSON.stringify(n.secondaryLanguages) }));
        await tx.accessNumber.createMany({ data: rows });
        await tx.accessNumberRegion.createMany({ data: rows.map((row, position) => ({ accessNumberId: row.id, region, position })) });
      }

      const client = prismaSqlClient(tx, provider);
      const users = new Batcher<UserRow>(USER_ROWS_PER_STATEMENT, (rows) => client.execute(insertInto('directory_user', userColumns, rows)));
      const states = new Batcher<StateRow>(STATE_ROWS_PER_STATEMENT, async (rows) => {
        await users.flush(); // the users they belong to first
        await client.execute(insertInto('pin_state', stateColumns, rows));
      });
      const history = new Batcher<HistoryRow>(HISTORY_ROWS_PER_STATEMENT, async (rows) => {
        await users.flush();
        await client.execute(insertInto('pin_history', historyColumns, rows));
      });

      const dirRng = mulberry32(DIRECTORY_SEED);
      const pinRng = mulberry32(PIN_STATE_SEED);
      const dir = new Directory(dirRng);
      const source = await tx.directorySource.create({ data: { name: DEMO_SOURCE_NAME, kind: 'demo' }, select: { id: true } });
      const ids = { site: siteIds, userPolicy: policyIds.get(DEMO_USER_POLICY)!, source: source.id };
      fixed.forEach((person) => dir.reserve(person));
      // No user's line is a dial-in access number.
      accessNumbers.forEach(({ numbers }) => numbers.forEach((n) => dir.lineDigits.add(phoneDigits(n.lineUri))));

      log(`Creating ${total.toLocaleString('en-US')} users…`);
      const roleUserIds = new Map<string, string>();
      for (const person of fixed) {
        const row = toUserRow(person, dir, dirRng, ids, passwordHash, createdAt);
        if (person.upn) roleUserIds.set(person.upn, row.id);
        await users.add(row);
      }
      const redmondGrants = { count: 0 };
      let withPin = 0;
      for (let i = fixed.length; i < total; i++) {
        const person = randomPerson(dirRng, dir, redmondGrants);
        const row = toUserRow(person, dir, dirRng, ids, passwordHash, createdAt);
        await users.add(row);
        const pin = randomPinState(pinRng, row, person.site, pool, now);
        if (pin) {
          withPin++;
          await states.add(pin.state);
          for (const entry of pin.history) await history.add(entry);
        }
        if ((i + 1) % progressEvery === 0) log(`  ${(i + 1).toLocaleString('en-US')} users`);
      }
      await users.flush();
      await states.flush();
      await history.flush();

      await tx.roleAssignment.createMany({
        data: demoRoleAccounts.map((account) => ({ userId: roleUserIds.get(account.upn)!, role: account.role })),
      });
      log(
        `Created ${users.inserted.toLocaleString('en-US')} users (${withPin.toLocaleString('en-US')} with a PIN, ` +
          `${history.inserted.toLocaleString('en-US')} PIN history rows, ${redmondGrants.count} granted ${DEMO_USER_POLICY}).`,
      );
    },
    { maxWait: 60_000, timeout },
  );
  // Planner statistics for the bulk-loaded tables, which the Users page search relies on, and
  // on PostgreSQL the visibility map its index-only scans need: what autovacuum would do some
  // time later (when it is on); SQLite never analyzes by itself.
  await db.$executeRawUnsafe(provider === 'postgresql' ? 'VACUUM (ANALYZE)' : 'ANALYZE');

  return { users: total };
}
