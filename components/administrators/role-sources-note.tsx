import type { Role } from '@/lib/auth/permissions';

type Props = { mapping: { role: Role; groups: readonly string[]; variable: string }[]; rolesClaim: string | null };

/** Which directory groups and claim values give each role (AUTH_ROLE_GROUPS_*), read-only. */
export function RoleSourcesNote({ mapping, rolesClaim }: Props) {
  return (
    <section aria-labelledby="role-groups-heading" className="rounded border border-slate-200 bg-white p-4">
      <h2 id="role-groups-heading" className="font-semibold">
        Roles from groups
      </h2>
      <p className="mb-2 text-sm text-slate-600">
        Members of these directory groups (nested groups included)
        {rolesClaim ? (
          <>
            {' '}
            and users whose <code>{rolesClaim}</code> claim holds these values
          </>
        ) : null}{' '}
        get the role. Set in the server’s environment.
      </p>
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Groups that give each role</caption>
          <thead className="bg-slate-100 text-slate-700">
            <tr>
              <th scope="col" className="px-3 py-2">
                Role
              </th>
              <th scope="col" className="px-3 py-2">
                Groups or claim values
              </th>
              <th scope="col" className="px-3 py-2">
                Setting
              </th>
            </tr>
          </thead>
          <tbody>
            {mapping.map((row) => (
              <tr key={row.role} className="border-t border-slate-100">
                <td className="px-3 py-2 font-medium">{row.role}</td>
                <td className="break-all px-3 py-2">{row.groups.length ? row.groups.join('; ') : 'none'}</td>
                <td className="px-3 py-2 font-mono text-xs">{row.variable}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
