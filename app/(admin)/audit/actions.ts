'use server';
import { z } from 'zod';
import { adminAction } from '@/lib/actions/admin-action';
import { verifyAuditChain } from '@/lib/audit/audit-service';

/** "Verify chain": the same check as npm run audit:verify. */
export const verifyAuditAction = adminAction('audit.read', 'audit.verify', z.object({}), async () => verifyAuditChain());
