/**
 * What /metrics reports of work in progress, read at each scrape: bulk jobs running and their
 * users done of total, directory syncs running and their entries read, and the PostgreSQL
 * pool. Two small indexed queries per scrape (status is indexed on both tables).
 */
import type { DbHandle } from './client';

export type ProgressSnapshot = {
  bulkJobsRunning: number;
  bulkJobUsersDone: number;
  bulkJobUsersTotal: number;
  syncsRunning: number;
  syncEntriesRead: number;
};

export async function readProgress({ db }: DbHandle): Promise<ProgressSnapshot> {
  const [jobs, syncs] = await Promise.all([
    db.bulkJob.aggregate({ where: { status: 'running' }, _count: { _all: true }, _sum: { done: true, total: true } }),
    db.directorySyncRun.aggregate({ where: { status: 'running' }, _count: { _all: true }, _sum: { read: true } }),
  ]);
  return {
    bulkJobsRunning: jobs._count._all,
    bulkJobUsersDone: jobs._sum.done ?? 0,
    bulkJobUsersTotal: jobs._sum.total ?? 0,
    syncsRunning: syncs._count._all,
    syncEntriesRead: syncs._sum.read ?? 0,
  };
}
