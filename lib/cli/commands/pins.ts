/** Get-CsClientPinInfo, Set-CsClientPin, Lock-CsClientPin, Unlock-CsClientPin. */
import type { Command } from '../command';
import { changedIdentity, forEachIdentity, shouldProceed, whatIfParameters } from '../command';
import { inputLimits } from '../../validation/input-limits';

const identity = {
  name: 'Identity',
  type: 'string',
  position: 0,
  help: 'the user: SIP address, UPN, domain\\account, display name or DN; or piped',
  maxLength: inputLimits.identity,
} as const;

export const getCsClientPinInfo: Command = {
  name: 'Get-CsClientPinInfo',
  synopsis: 'Get-CsClientPinInfo [-Identity] <user>',
  description: 'PIN status of users: IsPinSet, IsLockedOut, LastPinChangeTime, PinExpirationTime, …',
  parameters: [identity],
  run: (ctx) => forEachIdentity(ctx, 'Get-CsClientPinInfo', async (id) => ctx.emit(await (await ctx.client()).getPinInfo(id))),
};

export const setCsClientPin: Command = {
  name: 'Set-CsClientPin',
  synopsis: 'Set-CsClientPin [-Identity] <user> [-Pin <digits>] [-WhatIf] [-Confirm]',
  description: 'sets the given PIN, or generates one and prints Identity and the new PIN',
  parameters: [identity, { name: 'Pin', type: 'string', position: 1, help: 'the new PIN (digits); omit to generate one', maxLength: 64 }, ...whatIfParameters],
  unreadChange: 'the PIN was set, but the output closed before this result could be known to have been read. If you do not have the new PIN, set it again.',
  run: (ctx) =>
    forEachIdentity(ctx, 'Set-CsClientPin', async (id) => {
      const client = await ctx.client();
      const pin = typeof ctx.params.Pin === 'string' ? ctx.params.Pin : undefined;
      if (!(await shouldProceed(ctx, 'Set-CsClientPin', id, () => client.setPin({ identity: id, pin, whatIf: true })))) return;
      const result = await client.setPin({ identity: id, pin });
      await ctx.emit(result, changedIdentity(result, id));
    }),
};

export const lockCsClientPin: Command = {
  name: 'Lock-CsClientPin',
  synopsis: 'Lock-CsClientPin [-Identity] <user> [-WhatIf] [-Confirm]',
  description: 'refuses PIN logon until unlocked (the PIN is kept)',
  parameters: [identity, ...whatIfParameters],
  unreadChange: 'the PIN was locked, but the output closed before this result could be known to have been read.',
  run: (ctx) =>
    forEachIdentity(ctx, 'Lock-CsClientPin', async (id) => {
      const client = await ctx.client();
      if (!(await shouldProceed(ctx, 'Lock-CsClientPin', id, () => client.lockPin({ identity: id, whatIf: true })))) return;
      const result = await client.lockPin({ identity: id });
      await ctx.emit(result, changedIdentity(result, id));
    }),
};

export const unlockCsClientPin: Command = {
  name: 'Unlock-CsClientPin',
  synopsis: 'Unlock-CsClientPin [-Identity] <user> [-WhatIf] [-Confirm]',
  description: 'lifts an administrator, system or temporary lock and resets the failure counts',
  parameters: [identity, ...whatIfParameters],
  unreadChange: 'the PIN was unlocked, but the output closed before this result could be known to have been read.',
  run: (ctx) =>
    forEachIdentity(ctx, 'Unlock-CsClientPin', async (id) => {
      const client = await ctx.client();
      if (!(await shouldProceed(ctx, 'Unlock-CsClientPin', id, () => client.unlockPin({ identity: id, whatIf: true })))) return;
      const result = await client.unlockPin({ identity: id });
      await ctx.emit(result, changedIdentity(result, id));
    }),
};
