/**
 * Break-glass local accounts: users that exist only in PinDesk (no directory source, so no sync
 * touches them) and sign in with a PinDesk password (argon2id), for the first administrator and
 * for when the directory or identity provider is down. Created with the CLI only.
 */
import { directoryUserKeys } from '../users/user-keys';
import type { Role } from '../auth/permissions';
import type { AuditEventInput } from '../pin/types';
import { appendChainedInPrisma, lockChainHeadInPrisma } from './audit-writer';
import type { Db } from './client';
import type { RoleChange } from './role-assignments';

export const LOCAL_ACCOUNTS_OU = 'OU=Local accounts,DC=pindesk,DC=local';
const LOCAL_DOMAIN = 'PINDESK';

export class LocalAccountExistsError extends Error {
  constructor(email: string) {
    super(`A user with the UPN or SIP address ${email} already exists; choose another address for the break-glass account.`);
    this.name = 'LocalAccountExistsError';
  }
}

/** Creates the account and grants `role` directly, in one transaction with their audit rows. */
export async function createLocalAccount(
  db: Db,
  input: { email: string; displayName: string; passwordHash: string; role: Role | null },
  change: RoleChange,
): Promise<{ id: string; sipAddress: string }> {
  const email = input.email.toLowerCase();
  const sam = email.split('@')[0].slice(0, 64);
  const row = {
    displayName: input.displayName,
    samAccountName: sam,
    domain: LOCAL_DOMAIN,
    upn: email,
    sipAddress: `sip:${email}`,
    distinguishedName: `CN=${email.replace(/([,+"\\<>;=#])/g, '\\$1')},${LOCAL_ACCOUNTS_OU}`,
    ouDn: LOCAL_ACCOUNTS_OU,
    ouPath: 'Local accounts',
  };
  return db.$transaction(async (tx) => {
    await lockChainHeadInPrisma(tx);
    const taken = await tx.directoryUser.findFirst({
      where: { OR: [{ upnKey: email }, { sipAddress: row.sipAddress }, { domainKey: LOCAL_DOMAIN.toLowerCase(), samAccountNameKey: sam }] },
      select: { id: true },
    });
    if (taken) throw new LocalAccountExistsError(email);
    const user = await tx.directoryUser.create({
      data: { ...row, ...directoryUserKeys(row), passwordHash: input.passwordHash, enabled: true, sourceId: null },
      select: { id: true, sipAddress: true },
    });
    const target = { type: 'user', id: user.id, name: input.displayName };
    const events: AuditEventInput[] = [
      { at: Date.now(), actor: change.actor, action: 'account.local_created', target, context: change.context, outcome: 'success', details: { upn: email } },
    ];
    if (input.role) {
      await tx.roleAssignment.create({ data: { userId: user.id, role: input.role, origin: 'direct' } });
      events.push({
        at: Date.now(),
        actor: change.actor,
        action: 'role.granted',
        target,
        context: change.context,
        outcome: 'success',
        details: { role: input.role },
      });
    }
    await appendChainedInPrisma(tx, events);
    return user;
  });
}
