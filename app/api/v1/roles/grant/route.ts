import { rolesRoute } from '@/lib/api/roles-route';
import { roleChangeBody } from '@/lib/api/roles-schemas';

export const dynamic = 'force-dynamic';

/** Grant-PinDeskRole: {identity, role} → {Identity, DisplayName, Role, Changed}; ?whatIf=true → {WhatIf}. */
export const POST = rolesRoute('roles.grant', { body: true }, async ({ service, body, whatIf }) => {
  const input = roleChangeBody.parse(body);
  return service.grantRole({ ...input, whatIf });
});
