/**
 * The gauges read at each scrape in the server: work in progress (bulk jobs, directory syncs)
 * and the PostgreSQL pool, plus the process's own metrics. A scrape while the database is
 * down still answers: the progress gauges keep their last values and pindesk_metrics_db_up is 0.
 */
import client from 'prom-client';
import type { DbHandle } from '../db/client';
import { readProgress } from '../db/progress-metrics';
import { collectProcessMetrics, metrics } from './metrics';

export function registerServerMetrics(handle: () => DbHandle): void {
  collectProcessMetrics();
  const registers = [metrics().registry];
  const bulkJobs = new client.Gauge({ name: 'pindesk_bulk_jobs_running', help: 'Bulk jobs running now.', registers });
  const bulkUsers = new client.Gauge({
    name: 'pindesk_bulk_job_users',
    help: 'Users of the running bulk jobs: done so far and in all.',
    labelNames: ['state'],
    registers,
  });
  const syncs = new client.Gauge({ name: 'pindesk_directory_syncs_running', help: 'Directory syncs running now (across instances).', registers });
  const syncRead = new client.Gauge({ name: 'pindesk_directory_sync_entries_read', help: 'Entries the running directory sync has read so far.', registers });
  new client.Gauge({
    name: 'pindesk_metrics_db_up',
    help: '1 when the last scrape could read progress from the database, else 0.',
    registers,
    async collect() {
      try {
        const progress = await readProgress(handle());
        bulkJobs.set(progress.bulkJobsRunning);
        bulkUsers.set({ state: 'done' }, progress.bulkJobUsersDone);
        bulkUsers.set({ state: 'total' }, progress.bulkJobUsersTotal);
        syncs.set(progress.syncsRunning);
        syncRead.set(progress.syncEntriesRead);
        this.set(1);
      } catch {
        this.set(0);
      }
    },
  });
  new client.Gauge({
    name: 'pindesk_db_pool_connections',
    help: 'PostgreSQL pool connections of this instance: total open, idle, requests waiting for one, and the maximum (DATABASE_POOL_SIZE).',
    labelNames: ['state'],
    registers,
    collect() {
      const stats = handle().poolStats?.();
      if (!stats) return;
      for (const state of ['total', 'idle', 'waiting', 'max'] as const) this.set({ state }, stats[state]);
    },
  });
}
