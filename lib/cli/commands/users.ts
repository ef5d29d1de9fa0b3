/** Get-CsUser: the Users page search, every page of it, as user objects. */
import { InputError } from '../../validation/input-error';
import { parseLdapFilter } from '../../scripting/ldap-filter';
import { checkFilterClause, MAX_USERS_LIMIT, type FilterClause } from '../../users/search-params';
import { inputLimits } from '../../validation/input-limits';
import { isStop, problemOf, type Command } from '../command';
import { parseUserFilter } from '../user-filter';

export const getCsUser: Command = {
  name: 'Get-CsUser',
  synopsis: 'Get-CsUser [[-Identity] <user>] [-OU <dn>] [-LdapFilter <filter>] [-Filter <{…}>] [-SearchText <text>] [-ResultSize <n>]',
  description: 'users of the directory (OU includes its child OUs); Identity is the SIP address',
  parameters: [
    { name: 'Identity', type: 'string', position: 0, help: 'one user', maxLength: inputLimits.identity },
    { name: 'OU', type: 'string', help: 'e.g. "OU=Finance,DC=litwareinc,DC=com" (and its child OUs)', maxLength: inputLimits.filterValue },
    { name: 'LdapFilter', type: 'string', help: 'e.g. "Title=Manager" or "&(Department=Finance)(Title=Manager)"', maxLength: inputLimits.ldapFilter },
    { name: 'Filter', type: 'string', help: 'e.g. {Department -eq "Finance" -and Title -like "Man*"}', maxLength: inputLimits.userFilter, multiline: true },
    { name: 'SearchText', type: 'string', help: 'the Users page search box: name, account, SIP or phone prefix', maxLength: inputLimits.searchText },
    { name: 'ResultSize', type: 'int', help: `at most this many users (default and limit ${MAX_USERS_LIMIT})` },
  ],
  async run(ctx) {
    const { params } = ctx;
    // The filters decide which users the command acts on: a malformed one stops it (an
    // InputError or FilterParseError, exit 2).
    const filters: FilterClause[] = [];
    if (typeof params.OU === 'string') {
      const clause: FilterClause = { property: 'ou', operator: 'eq', value: params.OU };
      const issues = checkFilterClause(clause);
      if (issues.length) throw new InputError(`-OU "${params.OU}": ${issues.join(' ')}`);
      filters.push(clause);
    }
    if (typeof params.LdapFilter === 'string') filters.push(...parseLdapFilter(params.LdapFilter));
    if (typeof params.Filter === 'string') filters.push(...parseUserFilter(params.Filter));
    const max = typeof params.ResultSize === 'number' ? params.ResultSize : MAX_USERS_LIMIT;
    if (max < 1 || max > MAX_USERS_LIMIT) throw new InputError(`-ResultSize must be from 1 to ${MAX_USERS_LIMIT}.`);
    const client = await ctx.client();
    if (typeof params.Identity === 'string') {
      // Resolve the identity as every command does, then read that user's row.
      const identity = params.Identity;
      try {
        const info = await client.getPinInfo(identity);
        const page = await client.getUsers({ q: info.Identity.replace(/^sip:/i, ''), filters, max: 50, page: 1 });
        const user = page.users.find((u) => u.SipAddress === info.Identity);
        if (user) await ctx.emit(user);
        else if (filters.length === 0) ctx.fail(identity, 'user not found.');
      } catch (error) {
        if (isStop(error)) throw error;
        ctx.fail(identity, problemOf(error));
      }
      return;
    }
    const q = typeof params.SearchText === 'string' ? params.SearchText : '';
    for (let page = 1; ; page++) {
      const result = await client.getUsers({ q, filters, max, page });
      for (const user of result.users) await ctx.emit(user);
      if (result.page >= result.pages) break;
    }
  },
};
