import { rolesRoute } from '@/lib/api/roles-route';
import { roleChangeBody } from '@/lib/api/roles-schemas';

export const dynamic = 'force-dynamic';

/**
 * Revoke-PinDeskRole: {identity, role} → {Identity, DisplayName, Role, Changed}; 409
 * LAST_ADMINISTRATOR for the last CsAdministrator, NOT_GRANTED for a role held through a group
 * or claim; ?whatIf=true → {WhatIf}.
 */
export const POST = rolesRoute('roles.revoke', { body: true }, async ({ service, body, whatIf }) => {
  const input = roleChangeBody.parse(body);
  return service.revokeRole({ ...input, whatIf });
});
