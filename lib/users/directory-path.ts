/**
 * Distinguished names as paths: "OU=Payroll,OU=Finance,DC=litwareinc,DC=com" ↔
 * "litwareinc.com/Finance/Payroll/". Stored on every user (ou_path) so that "this OU and its
 * children" is a prefix match on an index.
 */

/** Splits a DN into its RDNs, honouring backslash-escaped commas. */
function splitDn(dn: string): { type: string; value: string }[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < dn.length; i++) {
    const c = dn[i];
    if (c === '\\' && i + 1 < dn.length) {
      current += dn[++i];
    } else if (c === ',') {
      parts.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  parts.push(current);
  return parts.map((part) => {
    const eq = part.indexOf('=');
    return { type: part.slice(0, eq).trim().toUpperCase(), value: part.slice(eq + 1).trim() };
  });
}

/** The OU path of a DN that names an OU or a domain; null when it is not one. */
export function ouDnToPath(dn: string): string | null {
  const rdns = splitDn(dn.trim());
  if (rdns.length === 0 || rdns.some((r) => !r.type || !r.value || !['OU', 'DC'].includes(r.type))) return null;
  const dcs = rdns.filter((r) => r.type === 'DC').map((r) => r.value.toLowerCase());
  const ous = rdns.filter((r) => r.type === 'OU').map((r) => r.value);
  const firstDc = rdns.findIndex((r) => r.type === 'DC');
  // DCs must come last, all of them.
  if (dcs.length === 0 || rdns.slice(firstDc).some((r) => r.type !== 'DC')) return null;
  return `${dcs.join('.')}/${ous
    .reverse()
    .map((ou) => `${ou}/`)
    .join('')}`;
}
