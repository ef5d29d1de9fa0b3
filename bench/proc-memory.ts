/**
 * Resident memory from Linux's /proc for bench/soak.ts: a process's VmRSS, summed over it and
 * every process below it (server.ts serves in one process today; a child it may start later
 * would count too).
 */
import fs from 'node:fs';
import { processTree } from '../tests/integration/process-tree';

/** The VmRSS line of a /proc/<pid>/status text, in KiB; null when there is none (a kernel thread, a zombie). */
export function parseVmRssKib(status: string): number | null {
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
  return match ? Number(match[1]) : null;
}

/** Resident memory of `pid` and its descendants now, in KiB (a process that ended meanwhile counts 0). */
export function processTreeRssKib(pid: number): number {
  let total = 0;
  for (const member of processTree(pid)) {
    try {
      total += parseVmRssKib(fs.readFileSync(`/proc/${member}/status`, 'utf8')) ?? 0;
    } catch {
      // Ended while we looked.
    }
  }
  return total;
}
