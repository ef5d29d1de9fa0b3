'use server';
import { z } from 'zod';
import { adminAction } from '@/lib/actions/admin-action';
import { verifyAuditTrail } from '@/lib/db/audit-log';
import { getDb } from '@/lib/db/client';

/** "Verify chain": the same check as npm run audit:verify. */
export const verifyAuditAction = adminAction('audit.read', 'audit.verify', z.object({}), async () => verifyAuditTrail(getDb().db));
