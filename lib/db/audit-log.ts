/**
 * Reading the audit trail: filtered pages for the Audit page, and keyset-paged iteration
 * (constant memory) for chain verification and CSV export.
 */
import { verifyAuditChain, type StoredAuditRow } from '../audit/verify';
import { getAuditChainKey } from '../config/secrets';
import type { Db } from './client';

export type AuditFilter = { actor?: string; target?: string; action?: string; outcome?: string; from?: Date; to?: Date };

export function auditWhere(filter: AuditFilter) {
  return {
    ...(filter.actor ? { actorName: { contains: filter.actor } } : {}),
    ...(filter.target ? { targetName: { contains: filter.target } } : {}),
    ...(filter.action ? { action: { startsWith: filter.action } } : {}),
    ...(filter.outcome ? { outcome: filter.outcome } : {}),
    ...(filter.from || filter.to ? { at: { ...(filter.from ? { gte: filter.from } : {}), ...(filter.to ? { lte: filter.to } : {}) } } : {}),
  };
}

export async function auditPage(db: Db, filter: AuditFilter, page: number, pageSize: number) {
  const where = auditWhere(filter);
  const [total, rows] = await Promise.all([
    db.auditEvent.count({ where }),
    db.auditEvent.findMany({ where, orderBy: { id: 'desc' }, skip: (page - 1) * pageSize, take: pageSize }),
  ]);
  return { total, rows };
}

const BATCH = 1000;

/** Every matching event in id order (up to `upTo`), fetched 1,000 at a time. */
export async function* iterateAudit(db: Db, filter: AuditFilter = {}, upTo?: number): AsyncGenerator<StoredAuditRow> {
  let after = 0;
  for (;;) {
    const rows = await db.auditEvent.findMany({
      where: { ...auditWhere(filter), id: upTo === undefined ? { gt: after } : { gt: after, lte: upTo } },
      orderBy: { id: 'asc' },
      take: BATCH,
    });
    for (const row of rows) yield { ...row, at: row.at.toISOString() };
    if (rows.length < BATCH) return;
    after = rows[rows.length - 1].id;
  }
}

export async function chainHead(db: Db) {
  return db.auditChainHead.findUnique({ where: { id: 1 }, select: { lastId: true, lastHash: true } });
}

/** Verifies the whole chain as it stood when called (appends after that are not looked at). */
export async function verifyAuditTrail(db: Db, key: Buffer = getAuditChainKey()) {
  const head = await chainHead(db);
  return verifyAuditChain(iterateAudit(db, {}, head?.lastId ?? 0), head, key);
}

/** The hash stored for event `id`, or null when there is no such event (checkpoint checks). */
export async function auditRowHashById(db: Db, id: number): Promise<string | null> {
  const row = await db.auditEvent.findUnique({ where: { id }, select: { hash: true } });
  return row?.hash ?? null;
}
