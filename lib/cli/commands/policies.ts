/** Get-/New-/Set-/Remove-/Grant-CsPinPolicy. */
import { InputError } from '../../validation/input-error';
import type { ParameterSpec } from '../args';
import { changedIdentity, forEachIdentity, isStop, problemOf, shouldProceed, whatIfParameters, type Command, type CommandContext } from '../command';
import { inputLimits } from '../../validation/input-limits';
import { policyParameters, type CsPolicyChanges } from '../../scripting/objects';

const settingParameters: ParameterSpec[] = [
  { name: 'Description', type: 'string', maxLength: 1024, multiline: true },
  { name: 'MinPasswordLength', type: 'int', help: '4–24' },
  { name: 'PINHistoryCount', type: 'int', help: '0–20' },
  { name: 'PINLifetime', type: 'int', help: 'days, 0–999 (0: never expires)' },
  { name: 'MaximumLogonAttempts', type: 'nullable-int', help: '1–999, or $Null for the default by PIN length' },
  { name: 'AllowCommonPatterns', type: 'bool', help: '$True / $False' },
];

function settingsOf(ctx: CommandContext): CsPolicyChanges {
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(policyParameters)) if (name in ctx.params) out[name] = ctx.params[name];
  return out as CsPolicyChanges;
}

export const getCsPinPolicy: Command = {
  name: 'Get-CsPinPolicy',
  synopsis: 'Get-CsPinPolicy [[-Identity] <policy>] [-Filter <wildcard>]',
  description: 'PIN policies; -Filter matches Identity with * wildcards (e.g. site:*)',
  parameters: [
    { name: 'Identity', type: 'string', position: 0, help: 'global, site:<name> or a per-user policy name', maxLength: inputLimits.policyIdentity },
    { name: 'Filter', type: 'string', help: 'Identity wildcard, e.g. "site:*" or "tag:*"', maxLength: inputLimits.policyFilter },
  ],
  async run(ctx) {
    const identity = typeof ctx.params.Identity === 'string' ? ctx.params.Identity : undefined;
    const filter = typeof ctx.params.Filter === 'string' ? ctx.params.Filter : undefined;
    try {
      for (const policy of await (await ctx.client()).getPolicies({ identity, filter })) await ctx.emit(policy);
    } catch (error) {
      if (isStop(error)) throw error;
      ctx.fail(identity ?? 'Get-CsPinPolicy', problemOf(error));
    }
  },
};

export const newCsPinPolicy: Command = {
  name: 'New-CsPinPolicy',
  synopsis:
    'New-CsPinPolicy [-Identity] <site:name | name> [-MinPasswordLength n] [-PINHistoryCount n] [-PINLifetime n] [-MaximumLogonAttempts n] [-AllowCommonPatterns $b] [-Description t] [-WhatIf] [-Confirm]',
  description: 'creates a site or per-user PIN policy',
  parameters: [{ name: 'Identity', type: 'string', position: 0, maxLength: inputLimits.policyIdentity }, ...settingParameters, ...whatIfParameters],
  unreadChange: 'the policy was created, but the output closed before this result could be known to have been read.',
  run: (ctx) =>
    forEachIdentity(ctx, 'New-CsPinPolicy', async (identity) => {
      const client = await ctx.client();
      const settings = settingsOf(ctx);
      if (!(await shouldProceed(ctx, 'New-CsPinPolicy', identity, () => client.newPolicy({ identity, settings, whatIf: true })))) return;
      const result = await client.newPolicy({ identity, settings });
      await ctx.emit(result, changedIdentity(result, identity));
    }),
};

export const setCsPinPolicy: Command = {
  name: 'Set-CsPinPolicy',
  synopsis:
    'Set-CsPinPolicy [-Identity] <policy> [-MinPasswordLength n] [-PINHistoryCount n] [-PINLifetime n] [-MaximumLogonAttempts n|$Null] [-AllowCommonPatterns $b] [-Description t] [-WhatIf] [-Confirm]',
  description: 'changes the given properties of PIN policies (Identity from the pipe or -Identity)',
  parameters: [{ name: 'Identity', type: 'string', position: 0, maxLength: inputLimits.policyIdentity }, ...settingParameters, ...whatIfParameters],
  unreadChange: 'the policy was changed, but the output closed before this result could be known to have been read.',
  async run(ctx) {
    const changes = settingsOf(ctx);
    if (Object.keys(changes).length === 0) throw new InputError('give at least one property to change, e.g. -MinPasswordLength 6.');
    await forEachIdentity(ctx, 'Set-CsPinPolicy', async (identity) => {
      const client = await ctx.client();
      if (!(await shouldProceed(ctx, 'Set-CsPinPolicy', identity, () => client.setPolicy({ identity, changes, whatIf: true })))) return;
      const result = await client.setPolicy({ identity, changes });
      await ctx.emit(result, changedIdentity(result, identity));
    });
  },
};

export const removeCsPinPolicy: Command = {
  name: 'Remove-CsPinPolicy',
  synopsis: 'Remove-CsPinPolicy [-Identity] <policy> [-WhatIf] [-Confirm]',
  description: 'removes a site or per-user policy (its users fall back); "global" is reset to the defaults',
  parameters: [{ name: 'Identity', type: 'string', position: 0, maxLength: inputLimits.policyIdentity }, ...whatIfParameters],
  unreadChange: 'the policy was removed, but the output closed before this result could be known to have been read.',
  run: (ctx) =>
    forEachIdentity(ctx, 'Remove-CsPinPolicy', async (identity) => {
      const client = await ctx.client();
      if (!(await shouldProceed(ctx, 'Remove-CsPinPolicy', identity, () => client.removePolicy({ identity, whatIf: true })))) return;
      const result = await client.removePolicy({ identity });
      await ctx.emit(result, changedIdentity(result, identity));
    }),
};

export const grantCsPinPolicy: Command = {
  name: 'Grant-CsPinPolicy',
  synopsis: 'Grant-CsPinPolicy [-Identity] <user> [-PolicyName] <name | $Null> [-WhatIf] [-Confirm]',
  description: 'assigns a per-user PIN policy to users ($Null: back to <Automatic>)',
  parameters: [
    { name: 'Identity', type: 'string', position: 0, maxLength: inputLimits.identity },
    { name: 'PolicyName', type: 'nullable-string', position: 1, maxLength: inputLimits.policyIdentity },
    ...whatIfParameters,
  ],
  unreadChange: 'the policy was assigned, but the output closed before this result could be known to have been read.',
  async run(ctx) {
    if (!('PolicyName' in ctx.params)) throw new InputError('give -PolicyName <per-user policy name>, or -PolicyName $Null for <Automatic>.');
    const policy = ctx.params.PolicyName as string | null;
    await forEachIdentity(ctx, 'Grant-CsPinPolicy', async (identity) => {
      const client = await ctx.client();
      if (!(await shouldProceed(ctx, 'Grant-CsPinPolicy', identity, () => client.grantPolicy({ identity, policy, whatIf: true })))) return;
      const result = await client.grantPolicy({ identity, policy });
      await ctx.emit(result, changedIdentity(result, identity));
    });
  },
};
