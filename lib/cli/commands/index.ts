/** Every `pindesk` command, in the order `pindesk help` lists them. */
import type { Command } from '../command';
import { importPinDeskUser, syncPinDeskDirectory } from './directory';
import { getCsClientPinInfo, lockCsClientPin, setCsClientPin, unlockCsClientPin } from './pins';
import { getCsPinPolicy, grantCsPinPolicy, newCsPinPolicy, removeCsPinPolicy, setCsPinPolicy } from './policies';
import { getPinDeskRoleAssignment, grantPinDeskRole, newPinDeskLocalAccount, revokePinDeskRole } from './roles';
import { getCsUser } from './users';
import { whereObject } from './where-object';

export const commands: readonly Command[] = [
  getCsUser,
  getCsClientPinInfo,
  setCsClientPin,
  lockCsClientPin,
  unlockCsClientPin,
  getCsPinPolicy,
  newCsPinPolicy,
  setCsPinPolicy,
  removeCsPinPolicy,
  grantCsPinPolicy,
  syncPinDeskDirectory,
  importPinDeskUser,
  getPinDeskRoleAssignment,
  grantPinDeskRole,
  revokePinDeskRole,
  newPinDeskLocalAccount,
  whereObject,
];

export function findCommand(name: string): Command | undefined {
  return commands.find((c) => c.name.toLowerCase() === name.toLowerCase());
}
