/**
 * Dial-in access numbers and their order within each region. Every change writes its audit
 * row (before/after) in the same transaction.
 */
import type { AccessNumberInput } from '../conferencing/access-number-schema';
import type { Actor, RequestContext } from '../pin/types';
import { appendChainedInPrisma } from './audit-writer';
import type { Db, DbTx } from './client';
import { parseJsonStringArray } from './json-columns';

export type AccessNumberView = {
  id: string;
  displayName: string;
  displayNumber: string;
  lineUri: string;
  primaryLanguage: string;
  secondaryLanguages: string[];
};

export type AccessNumberDetail = AccessNumberView & { regions: string[] };

/** Access numbers grouped by region, each region in its configured order. */
export async function listAccessNumbersByRegion(db: Db): Promise<{ region: string; numbers: AccessNumberView[] }[]> {
  const rows = await db.accessNumberRegion.findMany({ orderBy: [{ region: 'asc' }, { position: 'asc' }], include: { accessNumber: true } });
  const regions = new Map<string, AccessNumberView[]>();
  for (const row of rows) {
    const n = row.accessNumber;
    const list = regions.get(row.region) ?? [];
    list.push({
      id: n.id,
      displayName: n.displayName,
      displayNumber: n.displayNumber,
      lineUri: n.lineUri,
      primaryLanguage: n.primaryLanguage,
      secondaryLanguages: parseJsonStringArray(n.secondaryLanguages),
    });
    regions.set(row.region, list);
  }
  return [...regions].map(([region, numbers]) => ({ region, numbers }));
}

export async function listAccessNumbers(db: Db): Promise<AccessNumberDetail[]> {
  const rows = await db.accessNumber.findMany({ orderBy: { displayName: 'asc' }, include: { regions: { orderBy: { region: 'asc' } } } });
  return rows.map((n) => ({
    id: n.id,
    displayName: n.displayName,
    displayNumber: n.displayNumber,
    lineUri: n.lineUri,
    primaryLanguage: n.primaryLanguage,
    secondaryLanguages: parseJsonStringArray(n.secondaryLanguages),
    regions: n.regions.map((r) => r.region),
  }));
}

type Change = { actor: Actor; context?: RequestContext };

export class AccessNumberError extends Error {}

async function detail(tx: DbTx, id: string): Promise<AccessNumberDetail | null> {
  const n = await tx.accessNumber.findUnique({ where: { id }, include: { regions: true } });
  if (!n) return null;
  return {
    id: n.id,
    displayName: n.displayName,
    displayNumber: n.displayNumber,
    lineUri: n.lineUri,
    primaryLanguage: n.primaryLanguage,
    secondaryLanguages: parseJsonStringArray(n.secondaryLanguages),
    regions: n.regions.map((r) => r.region).sort(),
  };
}

async function audit(tx: DbTx, change: Change, action: string, target: { id: string; name: string }, details: Record<string, unknown>) {
  await appendChainedInPrisma(tx, [
    { at: Date.now(), actor: change.actor, action, target: { type: 'access_number', ...target }, context: change.context, outcome: 'success', details },
  ]);
}

async function appendToRegions(tx: DbTx, id: string, regions: string[]) {
  for (const region of regions) {
    const last = await tx.accessNumberRegion.aggregate({ where: { region }, _max: { position: true } });
    await tx.accessNumberRegion.create({ data: { accessNumberId: id, region, position: (last._max.position ?? -1) + 1 } });
  }
}

async function assertLineUriFree(tx: DbTx, lineUri: string, exceptId?: string) {
  const other = await tx.accessNumber.findUnique({ where: { lineUri }, select: { id: true, displayName: true } });
  if (other && other.id !== exceptId) throw new AccessNumberError(`LineUri ${lineUri} is already used by "${other.displayName}".`);
}

const dataOf = (input: AccessNumberInput) => ({
  displayName: input.displayName,
  displayNumber: input.displayNumber,
  lineUri: input.lineUri.toLowerCase(),
  primaryLanguage: input.primaryLanguage,
  secondaryLanguages: JSON.stringify(input.secondaryLanguages),
});

export async function createAccessNumber(db: Db, input: AccessNumberInput, change: Change): Promise<AccessNumberDetail> {
  return db.$transaction(async (tx) => {
    await assertLineUriFree(tx, input.lineUri.toLowerCase());
    const created = await tx.accessNumber.create({ data: dataOf(input) });
    await appendToRegions(tx, created.id, [...new Set(input.regions)]);
    const after = (await detail(tx, created.id))!;
    await audit(tx, change, 'access_number.created', { id: created.id, name: input.displayName }, { after });
    return after;
  });
}

export async function updateAccessNumber(db: Db, id: string, input: AccessNumberInput, change: Change): Promise<AccessNumberDetail> {
  return db.$transaction(async (tx) => {
    const before = await detail(tx, id);
    if (!before) throw new AccessNumberError('That access number no longer exists; reload the page.');
    await assertLineUriFree(tx, input.lineUri.toLowerCase(), id);
    await tx.accessNumber.update({ where: { id }, data: dataOf(input) });
    const wanted = new Set(input.regions);
    const dropped = before.regions.filter((r) => !wanted.has(r));
    for (const region of dropped) await removeFromRegion(tx, id, region);
    await appendToRegions(
      tx,
      id,
      [...wanted].filter((r) => !before.regions.includes(r)),
    );
    const after = (await detail(tx, id))!;
    await audit(tx, change, 'access_number.updated', { id, name: input.displayName }, { before, after });
    return after;
  });
}

async function removeFromRegion(tx: DbTx, id: string, region: string) {
  const row = await tx.accessNumberRegion.findUnique({ where: { accessNumberId_region: { accessNumberId: id, region } } });
  if (!row) return;
  await tx.accessNumberRegion.delete({ where: { accessNumberId_region: { accessNumberId: id, region } } });
  // Close the gap so positions stay 0..n-1.
  await tx.accessNumberRegion.updateMany({ where: { region, position: { gt: row.position } }, data: { position: { decrement: 1 } } });
}

export async function deleteAccessNumber(db: Db, id: string, change: Change): Promise<void> {
  await db.$transaction(async (tx) => {
    const before = await detail(tx, id);
    if (!before) throw new AccessNumberError('That access number no longer exists; reload the page.');
    for (const region of before.regions) await removeFromRegion(tx, id, region);
    await tx.accessNumber.delete({ where: { id } });
    await audit(tx, change, 'access_number.removed', { id, name: before.displayName }, { before });
  });
}

/** Moves a number one place up or down within a region (the order callers see). */
export async function moveAccessNumber(db: Db, id: string, region: string, direction: 'up' | 'down', change: Change): Promise<void> {
  await db.$transaction(async (tx) => {
    const row = await tx.accessNumberRegion.findUnique({ where: { accessNumberId_region: { accessNumberId: id, region } } });
    if (!row) throw new AccessNumberError(`That number is not in region "${region}"; reload the page.`);
    const neighbour = await tx.accessNumberRegion.findFirst({ where: { region, position: direction === 'up' ? row.position - 1 : row.position + 1 } });
    if (!neighbour) return;
    await tx.accessNumberRegion.update({
      where: { accessNumberId_region: { accessNumberId: neighbour.accessNumberId, region } },
      data: { position: row.position },
    });
    await tx.accessNumberRegion.update({ where: { accessNumberId_region: { accessNumberId: id, region } }, data: { position: neighbour.position } });
    await audit(tx, change, 'access_number.reordered', { id, name: id }, { region, from: row.position, to: neighbour.position });
  });
}
