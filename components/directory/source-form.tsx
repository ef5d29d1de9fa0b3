'use client';
import { useRouter } from 'next/navigation';
import { useId, useState, useTransition, type ReactNode } from 'react';
import { saveSourceAction, testConnectionAction } from '@/app/(admin)/directory/actions';
import type { SourceWithRuns } from '@/lib/directory/directory-service';
import { parseSiteRules, siteRulesText } from '@/lib/directory/site-rules-text';

type Defaults = { filter: string; disabledFilter: string; attributes: Record<string, string> };

type Field = { name: string; label: string; hint?: string; multiline?: boolean; type?: string; max: number };

const fields: Field[] = [
  { name: 'name', label: 'Name', max: 100 },
  { name: 'url', label: 'Server URL', hint: 'ldaps://dc1.litwareinc.com:636, or ldap://…:389 (StartTLS is always used)', max: 2048 },
  {
    name: 'caPem',
    label: 'CA certificate (PEM)',
    hint: 'The CA that signed the domain controller’s certificate; empty = the system’s CAs',
    multiline: true,
    max: 65536,
  },
  { name: 'tlsServerName', label: 'TLS server name (optional)', hint: 'When the URL’s host is not the name on the certificate', max: 253 },
  { name: 'bindDn', label: 'Bind DN', hint: 'CN=svc-pindesk,OU=Service,DC=litwareinc,DC=com, or svc-pindesk@litwareinc.com', max: 1024 },
  { name: 'bindPassword', label: 'Bind password', type: 'password', max: 1024 },
  { name: 'baseDns', label: 'Base DNs (one per line)', multiline: true, max: 11000 },
  { name: 'filter', label: 'Filter', max: 4096 },
  { name: 'disabledFilter', label: 'Disabled-users filter', hint: 'Entries matching it are read as disabled users; empty = none', max: 4096 },
  { name: 'netbiosDomain', label: 'NetBIOS domain (optional)', hint: 'Default: the first DC= of the first base DN', max: 15 },
  { name: 'siteAttribute', label: 'Site attribute (optional)', max: 64 },
  { name: 'siteRules', label: 'OU → site rules (one per line: OU=…,DC=… => Site)', multiline: true, max: 200_000 },
  { name: 'syncIntervalMinutes', label: 'Sync interval (minutes, 0 = only when asked)', type: 'number', max: 6 },
  { name: 'removalGraceHours', label: 'Grace period before deprovisioning (hours)', type: 'number', max: 5 },
];

function initialValues(source: SourceWithRuns | null, defaults: Defaults): Record<string, string> {
  const s = source?.ldapSettings;
  return {
    name: source?.name ?? '',
    url: s?.url ?? '',
    caPem: s?.caPem ?? '',
    tlsServerName: s?.tlsServerName ?? '',
    bindDn: s?.bindDn ?? '',
    bindPassword: '',
    baseDns: s?.baseDns.join('\n') ?? '',
    filter: s?.filter ?? defaults.filter,
    disabledFilter: s ? s.disabledFilter : defaults.disabledFilter,
    netbiosDomain: s?.netbiosDomain ?? '',
    siteAttribute: s?.siteAttribute ?? '',
    siteRules: siteRulesText(s?.siteRules ?? []),
    syncIntervalMinutes: String(source?.syncIntervalMinutes ?? 60),
    removalGraceHours: String(source?.removalGraceHours ?? 24),
  };
}

/**
 * Add or edit an LDAP / Active Directory source: connection, scope, attribute mapping (Active
 * Directory's names by default) and sites. "Test connection" tries what the form holds before
 * it is saved; the bind password is sent, never shown back (blank keeps the stored one).
 */
export function SourceForm({ source, defaults, onDone }: { source: SourceWithRuns | null; defaults: Defaults; onDone: () => void }) {
  const router = useRouter();
  const id = useId();
  const [values, setValues] = useState(() => initialValues(source, defaults));
  const [attributes, setAttributes] = useState<Record<string, string>>(() => ({ ...defaults.attributes, ...(source?.ldapSettings?.attributes ?? {}) }));
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});
  const [pending, startTransition] = useTransition();

  const settings = () => {
    const { rules, problems } = parseSiteRules(values.siteRules);
    const changedAttributes = Object.fromEntries(
      Object.entries(attributes).filter(([key, value]) => value.trim() && value.trim() !== defaults.attributes[key]),
    );
    return {
      problems,
      settings: {
        url: values.url.trim(),
        caPem: values.caPem,
        tlsServerName: values.tlsServerName,
        bindDn: values.bindDn,
        baseDns: values.baseDns
          .split('\n')
          .map((line) => line.trim())
          .filter(Boolean),
        filter: values.filter.trim(),
        disabledFilter: values.disabledFilter.trim(),
        ...(values.netbiosDomain.trim() ? { netbiosDomain: values.netbiosDomain.trim() } : {}),
        siteAttribute: values.siteAttribute,
        siteRules: rules,
        attributes: changedAttributes,
      },
    };
  };

  const run = (fn: () => Promise<void>) => startTransition(fn);
  const test = () =>
    run(async () => {
      const { settings: s, problems } = settings();
      if (problems.length) return setMessage({ ok: false, text: problems.join(' ') });
      setMessage({ ok: true, text: 'Testing the connection…' });
      const result = await testConnectionAction({ sourceId: source?.id, settings: s, bindPassword: values.bindPassword || undefined });
      if (!result.ok) return setMessage({ ok: false, text: result.message });
      setMessage({ ok: result.data.ok, text: result.data.message });
    });
  const save = () =>
    run(async () => {
      const { settings: s, problems } = settings();
      if (problems.length) return setMessage({ ok: false, text: problems.join(' ') });
      const result = await saveSourceAction({
        id: source?.id,
        name: values.name,
        settings: s,
        bindPassword: values.bindPassword || undefined,
        syncIntervalMinutes: values.syncIntervalMinutes,
        removalGraceHours: values.removalGraceHours,
      });
      if (!result.ok) {
        setFieldErrors(result.fieldErrors ?? {});
        return setMessage({ ok: false, text: result.fieldErrors ? 'The source was not saved: see the problems under the fields.' : result.message });
      }
      setFieldErrors({});
      setMessage(null);
      router.refresh();
      onDone();
    });

  const input = (field: Field): ReactNode => {
    const common = {
      id: `${id}-${field.name}`,
      value: values[field.name],
      maxLength: field.max,
      onChange: (e: { target: { value: string } }) => setValues((v) => ({ ...v, [field.name]: e.target.value })),
      'aria-describedby': [
        `${id}-${field.name}-error`,
        field.hint ? `${id}-${field.name}-hint` : '',
        field.name === 'bindPassword' && source?.hasBindPassword ? `${id}-stored` : '',
      ]
        .filter(Boolean)
        .join(' '),
      'aria-invalid': fieldErrors[field.name] ? true : undefined,
      className: 'mt-1 w-full rounded border border-slate-300 px-2 py-1.5 font-mono text-sm',
    };
    return field.multiline ? (
      <textarea {...common} rows={field.name === 'caPem' ? 4 : 2} />
    ) : (
      <input {...common} type={field.type ?? 'text'} autoComplete={field.type === 'password' ? 'new-password' : 'off'} />
    );
  };

  return (
    <form
      noValidate
      aria-label={source ? `Edit ${source.name}` : 'New LDAP source'}
      className="space-y-3 rounded border border-slate-200 bg-white p-4"
      onSubmit={(event) => {
        event.preventDefault();
        save();
      }}
    >
      <h2 className="font-semibold">{source ? `Edit ${source.name}` : 'New LDAP / Active Directory source'}</h2>
      <div className="grid gap-3 md:grid-cols-2">
        {fields.map((field) => (
          <div key={field.name} className={field.multiline ? 'md:col-span-2' : ''}>
            <label htmlFor={`${id}-${field.name}`} className="block text-sm font-medium text-slate-700">
              {field.label}
            </label>
            {input(field)}
            {field.name === 'bindPassword' && source?.hasBindPassword && (
              <p id={`${id}-stored`} className="text-xs text-slate-600">
                A password is stored; leave this empty to keep it (a new server, TLS name, CA or bind DN needs it typed again).
              </p>
            )}
            {field.hint && (
              <p id={`${id}-${field.name}-hint`} className="text-xs text-slate-600">
                {field.hint}
              </p>
            )}
            <p id={`${id}-${field.name}-error`} aria-live="polite" className="text-sm text-red-700">
              {fieldErrors[field.name]?.join(' ')}
            </p>
          </div>
        ))}
      </div>
      <details className="rounded border border-slate-200 p-2">
        <summary className="cursor-pointer text-sm font-medium">Attribute mapping (Active Directory defaults)</summary>
        <div className="mt-2 grid gap-2 sm:grid-cols-2 lg:grid-cols-3">
          {Object.keys(defaults.attributes).map((key) => (
            <div key={key}>
              <label htmlFor={`${id}-attr-${key}`} className="block text-xs font-medium text-slate-700">
                {key}
              </label>
              <input
                id={`${id}-attr-${key}`}
                value={attributes[key] ?? ''}
                maxLength={64}
                onChange={(e) => setAttributes((a) => ({ ...a, [key]: e.target.value }))}
                className="w-full rounded border border-slate-300 px-2 py-1 font-mono text-xs"
              />
            </div>
          ))}
        </div>
      </details>
      <div className="flex flex-wrap gap-2">
        <button type="button" onClick={test} disabled={pending} className="rounded border border-slate-300 bg-white px-4 py-2 disabled:opacity-60">
          Test connection
        </button>
        <button type="submit" disabled={pending} className="rounded bg-brand-600 px-4 py-2 text-white disabled:opacity-60">
          Save source
        </button>
        <button type="button" onClick={onDone} className="rounded px-4 py-2 text-slate-700 underline">
          Cancel
        </button>
      </div>
      <p role="status" aria-live="polite" className={`text-sm ${message?.ok ? 'text-green-800' : 'text-red-700'}`}>
        {message?.text}
        {/* Problems of settings without an input of their own (the attribute mapping). */}
        {Object.entries(fieldErrors)
          .filter(([field]) => !fields.some((f) => f.name === field))
          .map(([, problems]) => ` ${problems.join(' ')}`)
          .join('')}
      </p>
    </form>
  );
}
