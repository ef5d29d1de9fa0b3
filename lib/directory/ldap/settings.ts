/**
 * An LDAP / Active Directory source's settings: what the Directory page and the environment
 * give, validated with a bound on every field. The bind password is not part of them: it is
 * stored encrypted apart and handed to the reader on its own. Pure.
 */
import { X509Certificate } from 'node:crypto';
import { FilterParser } from 'ldapts';
import { z } from 'zod';

/** Users enabled for Skype for Business: the issue's default scope. */
export const DEFAULT_FILTER = '(&(objectClass=user)(msRTCSIP-UserEnabled=TRUE))';
/** Users once enabled for Skype for Business and now turned off: read as disabled, not as gone. */
export const DEFAULT_DISABLED_FILTER = '(&(objectClass=user)(msRTCSIP-UserEnabled=FALSE))';

/** PinDesk field (or the attribute a mapping needs) → the Active Directory attribute that holds it. */
export const DEFAULT_ATTRIBUTES = {
  displayName: 'displayName',
  firstName: 'givenName',
  lastName: 'sn',
  samAccountName: 'sAMAccountName',
  upn: 'userPrincipalName',
  sipAddress: 'msRTCSIP-PrimaryUserAddress',
  lineUri: 'msRTCSIP-Line',
  telephoneNumber: 'telephoneNumber',
  ipPhone: 'ipPhone',
  mobile: 'mobile',
  otherTelephone: 'otherTelephone',
  title: 'title',
  department: 'department',
  office: 'physicalDeliveryOfficeName',
  city: 'l',
  distinguishedName: 'distinguishedName',
  userAccountControl: 'userAccountControl',
  objectGuid: 'objectGUID',
  sipEnabled: 'msRTCSIP-UserEnabled',
} as const;

export type AttributeKey = keyof typeof DEFAULT_ATTRIBUTES;
export type AttributeMap = Record<AttributeKey, string>;

const MAX_URL = 2048;
const MAX_DN = 1024;
const MAX_FILTER = 4096;
const MAX_CA_PEM = 64 * 1024;
const MAX_BASE_DNS = 10;
const MAX_SITE_RULES = 500;

/** An attribute description: a name (letters, digits, hyphens) or an OID, as RFC 4512 allows. */
const ATTRIBUTE_NAME = /^(?:[A-Za-z][A-Za-z0-9-]{0,63}|\d+(?:\.\d+){1,30})$/;
const HOST_NAME = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;
/** A NetBIOS domain name: at most 15 characters, none of the reserved ones. */
const NETBIOS = /^[^\\/:*?"<>|.\s][^\\/:*?"<>|\s]{0,14}$/;

const attributeName = (label: string) =>
  z.string().trim().regex(ATTRIBUTE_NAME, `${label} must be an attribute name such as displayName or msRTCSIP-Line (letters, digits and hyphens, at most 64).`);

const filter = (label: string) =>
  z
    .string()
    .trim()
    .max(MAX_FILTER, `${label} can be at most ${MAX_FILTER} characters.`)
    .superRefine((text, ctx) => {
      if (!text) return;
      const problem = filterProblem(text);
      if (problem) ctx.addIssue({ code: 'custom', message: `${label} is not a valid LDAP filter: ${problem}. Write it like ${DEFAULT_FILTER}.` });
    });

const dn = (label: string) =>
  z
    .string()
    .trim()
    .min(1, `${label} is required.`)
    .max(MAX_DN, `${label} can be at most ${MAX_DN} characters.`)
    .regex(/^[A-Za-z][A-Za-z0-9-]*=/, `${label} must be a distinguished name such as OU=Users,DC=litwareinc,DC=com.`);

const urlSchema = z
  .string()
  .trim()
  .min(1, 'The URL is required, e.g. ldaps://dc1.litwareinc.com:636.')
  .max(MAX_URL, `The URL can be at most ${MAX_URL} characters.`)
  .transform((text, ctx) => {
    const problem = 'The URL must be ldap://host:port (StartTLS) or ldaps://host:port, with nothing after the port.';
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      ctx.addIssue({ code: 'custom', message: problem });
      return z.NEVER;
    }
    const secure = url.protocol === 'ldaps:';
    if (
      (url.protocol !== 'ldap:' && !secure) ||
      !url.hostname ||
      url.username ||
      url.password ||
      url.search ||
      url.hash ||
      (url.pathname && url.pathname !== '/')
    ) {
      ctx.addIssue({ code: 'custom', message: problem });
      return z.NEVER;
    }
    return `${url.protocol}//${url.hostname}:${url.port || (secure ? 636 : 389)}`;
  });

const caPemSchema = z
  .string()
  .max(MAX_CA_PEM, `The CA certificate can be at most ${MAX_CA_PEM / 1024} KiB of PEM text.`)
  .transform((text, ctx) => {
    const blocks = text.match(PEM_BLOCK) ?? [];
    if (blocks.length === 0) {
      ctx.addIssue({ code: 'custom', message: 'The CA certificate must be PEM text starting with -----BEGIN CERTIFICATE-----.' });
      return z.NEVER;
    }
    for (const block of blocks) {
      try {
        new X509Certificate(block);
      } catch {
        ctx.addIssue({
          code: 'custom',
          message: 'The CA certificate has a PEM block that is not a readable X.509 certificate; paste the CA file as exported.',
        });
        return z.NEVER;
      }
    }
    return blocks.join('\n') + '\n';
  });

const siteRuleSchema = z.object({
  ou: dn('A site rule’s OU'),
  site: z.string().trim().min(1, 'A site rule needs a site name.').max(200, 'A site name can be at most 200 characters.'),
});

const attributesSchema = z
  .object(Object.fromEntries(Object.keys(DEFAULT_ATTRIBUTES).map((key) => [key, attributeName(`The ${key} attribute`).optional()])))
  .strict()
  .default({})
  .transform((given) => ({ ...DEFAULT_ATTRIBUTES, ...Object.fromEntries(Object.entries(given).filter(([, v]) => v)) }) as AttributeMap);

export const ldapSourceSettingsSchema = z
  .object({
    url: urlSchema,
    caPem: z.preprocess((v) => (typeof v === 'string' && !v.trim() ? undefined : v), caPemSchema.optional()),
    tlsServerName: z.preprocess(
      (v) => (typeof v === 'string' && !v.trim() ? undefined : v),
      z.string().trim().regex(HOST_NAME, 'The TLS server name must be a host name such as dc1.litwareinc.com.').optional(),
    ),
    bindDn: z
      .string()
      .trim()
      .min(1, 'The bind DN is required: the account PinDesk reads the directory as (a DN, a UPN or DOMAIN\\name).')
      .max(MAX_DN, `The bind DN can be at most ${MAX_DN} characters.`),
    baseDns: z.array(dn('A base DN')).min(1, 'Give at least one base DN, e.g. DC=litwareinc,DC=com.').max(MAX_BASE_DNS, `At most ${MAX_BASE_DNS} base DNs.`),
    filter: filter('The filter').default(DEFAULT_FILTER),
    disabledFilter: filter('The disabled-users filter').default(DEFAULT_DISABLED_FILTER),
    netbiosDomain: z.string().trim().regex(NETBIOS, 'The NetBIOS domain must be at most 15 characters, such as LITWAREINC.').optional(),
    attributes: attributesSchema,
    siteAttribute: z.preprocess((v) => (typeof v === 'string' && !v.trim() ? undefined : v), attributeName('The site attribute').optional()),
    siteRules: z.array(siteRuleSchema).max(MAX_SITE_RULES, `At most ${MAX_SITE_RULES} site rules.`).default([]),
    pageSize: z
      .number()
      .int('The page size must be a whole number.')
      .min(1, 'The page size must be at least 1.')
      .max(1000, 'The page size can be at most 1000 (AD’s MaxPageSize).')
      .default(500),
    timeoutMs: z
      .number()
      .int('The timeout must be a whole number of milliseconds.')
      .min(1000, 'The timeout must be at least 1000 ms.')
      .max(600_000, 'The timeout can be at most 600000 ms (10 minutes).')
      .default(30_000),
  })
  .strict()
  .transform((settings, ctx) => {
    const netbiosDomain = settings.netbiosDomain ?? netbiosFromDn(settings.baseDns[0]);
    if (!netbiosDomain) {
      ctx.addIssue({
        code: 'custom',
        path: ['netbiosDomain'],
        message: 'The NetBIOS domain could not be taken from the first base DN (it has no DC= part); give it, e.g. LITWAREINC.',
      });
      return z.NEVER;
    }
    return { ...settings, filter: settings.filter || DEFAULT_FILTER, netbiosDomain: netbiosDomain.toUpperCase() };
  });

export type LdapSourceSettings = z.output<typeof ldapSourceSettingsSchema>;

/** Invalid settings: `problems` lists each one by field, and the message says them all. */
export class LdapSettingsError extends Error {
  readonly code = 'SETTINGS_INVALID';
  constructor(readonly problems: { field: string; message: string }[]) {
    super(`The LDAP settings are not valid: ${problems.map((p) => (p.field ? `${p.field}: ${p.message}` : p.message)).join(' ')}`);
    this.name = 'LdapSettingsError';
  }
}

/** Validates settings from the page, the environment or storage; throws LdapSettingsError. */
export function parseLdapSettings(json: unknown): LdapSourceSettings {
  const result = ldapSourceSettingsSchema.safeParse(json);
  if (result.success) return result.data;
  throw new LdapSettingsError(
    result.error.issues.map((issue) => ({
      field: issue.path.map(String).join('.'),
      message: describeIssue(issue),
    })),
  );
}

/** zod's own wording for the generic cases, said in words an administrator can act on. */
function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type')
    return `${issue.path.length ? 'this field' : 'the settings'} must be ${issue.expected === 'object' ? 'an object' : `a ${issue.expected}`}.`;
  if (issue.code === 'unrecognized_keys') {
    const known = issue.path[0] === 'attributes' ? Object.keys(DEFAULT_ATTRIBUTES) : Object.keys(ldapSourceSettingsSchema.in.shape);
    const apart = issue.keys.some((key) => /password/i.test(key)) ? ' The bind password is given apart from the settings, never inside them.' : '';
    return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => k.slice(0, 64)).join(', ')}; the fields are ${known.join(', ')}.${apart}`;
  }
  return issue.message;
}

/** The search filter: in-scope users and the disabled ones (read as disabled, not as gone). */
export function effectiveFilter(settings: Pick<LdapSourceSettings, 'filter' | 'disabledFilter'>): string {
  return settings.disabledFilter ? `(|${settings.filter}${settings.disabledFilter})` : settings.filter;
}

/** The attributes a search asks for: the mapped ones and the site attribute, each once. */
export function requestedAttributes(settings: Pick<LdapSourceSettings, 'attributes' | 'siteAttribute'>): string[] {
  const names = [...Object.values(settings.attributes), ...(settings.siteAttribute ? [settings.siteAttribute] : [])];
  const seen = new Set<string>();
  return names.filter((name) => !seen.has(name.toLowerCase()) && seen.add(name.toLowerCase()));
}

/** `DC=litwareinc,DC=com` → `LITWAREINC`: AD's default NetBIOS name is the first DNS label. */
function netbiosFromDn(dn: string): string | null {
  const match = /(?:^|,)\s*DC=([^,]+)/i.exec(dn);
  return match ? match[1].trim().slice(0, 15).toUpperCase() : null;
}

/**
 * Why `text` is not a well-formed LDAP filter, or null. ldapts's parser closes a filter that
 * is missing its last parentheses by itself, so the balance is checked first: a parenthesis
 * inside a value must be escaped (\28, \29), so every bare one is structure.
 */
export function filterProblem(text: string): string | null {
  let depth = 0;
  for (const char of text) {
    if (char === '(') depth++;
    else if (char === ')' && --depth < 0) return 'a closing parenthesis has no opening one';
  }
  if (depth > 0) return `${depth} parenthes${depth === 1 ? 'is is' : 'es are'} not closed`;
  try {
    FilterParser.parseString(text);
    return null;
  } catch (error) {
    // ldapts's messages repeat the filter; keep only what is wrong.
    const message = error instanceof Error ? error.message : String(error);
    return message.split(':')[0].toLowerCase() || 'unreadable';
  }
}
