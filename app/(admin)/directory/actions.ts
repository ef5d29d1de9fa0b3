'use server';
/**
 * Directory page actions (CsAdministrator, directory.manage): save an LDAP source, Test
 * connection, Preview sync, start a sync, follow its run. The bind password goes one way,
 * into the sealed column; nothing sends it back.
 */
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { adminAction } from '@/lib/actions/admin-action';
import { ActionError } from '@/lib/actions/result';
import * as directory from '@/lib/directory/directory-page-service';
import { SyncNotStartedError } from '@/lib/directory/directory-service';
import { DirectorySourceError } from '@/lib/directory/source-error';

const id = z.string().min(1).max(64);
/** The settings object is validated field by field by lib/directory/ldap/settings.ts; this only bounds its size. */
const settings = z.record(z.string().max(64), z.unknown()).refine((value) => JSON.stringify(value).length <= 200_000, 'The settings are too large.');

const sourceInput = z.object({
  id: id.optional(),
  name: z.string().max(200),
  settings,
  bindPassword: z.string().max(1024, 'The bind password can be at most 1024 characters.').optional(),
  syncIntervalMinutes: z.coerce.number({ error: 'The sync interval must be a number of minutes.' }),
  removalGraceHours: z.coerce.number({ error: 'The grace period must be a number of hours.' }),
});

export const saveSourceAction = adminAction('directory.manage', 'directory.saveSource', sourceInput, async (input) => {
  const result = await directory.saveLdapSource(input);
  if (!result.ok) {
    // settings.baseDns.0 → baseDns: the form's field for it.
    const fieldErrors: Record<string, string[]> = {};
    for (const problem of result.problems) (fieldErrors[problem.field.replace(/^settings\./, '').split('.')[0] || 'form'] ??= []).push(problem.message);
    throw new ActionError('SOURCE_INVALID', result.problems.map((p) => p.message).join(' '), fieldErrors);
  }
  revalidatePath('/directory');
  return { id: result.id };
});

export const testConnectionAction = adminAction(
  'directory.manage',
  'directory.testConnection',
  z.object({ sourceId: id.optional(), settings: settings.optional(), bindPassword: z.string().max(1024).optional() }),
  async (input) => directory.testConnection(input),
);

function sourceProblem(error: unknown): never {
  if (error instanceof SyncNotStartedError || error instanceof DirectorySourceError) throw new ActionError(error.code, error.message);
  throw error;
}

export const previewSyncAction = adminAction(
  'directory.manage',
  'directory.previewSync',
  z.object({ sourceId: id, full: z.boolean().optional() }),
  async ({ sourceId, full }, { actor, context }) => {
    try {
      return await directory.previewSync(sourceId, { actor: actor as Extract<typeof actor, { type: 'user' }>, context }, { full });
    } catch (error) {
      sourceProblem(error);
    }
  },
);

export const startSyncAction = adminAction(
  'directory.manage',
  'directory.startSync',
  z.object({ sourceId: id, full: z.boolean().optional() }),
  async ({ sourceId, full }, { actor, context }) => {
    try {
      const { runId } = await directory.startSync(sourceId, { actor: actor as Extract<typeof actor, { type: 'user' }>, context }, { full });
      return { runId };
    } catch (error) {
      sourceProblem(error);
    }
  },
);

export const getRunAction = adminAction('directory.manage', 'directory.getRun', z.object({ runId: id }), async ({ runId }) => {
  const run = await directory.getRun(runId);
  if (!run) throw new ActionError('RUN_NOT_FOUND', 'That sync is not in the history (any more).');
  return run;
});
