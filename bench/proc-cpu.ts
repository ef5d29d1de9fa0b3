/**
 * CPU time from Linux's /proc for the HTTP benchmarks (bench/logon-http.ts,
 * bench/hostile-input.ts): per process, per thread, PostgreSQL's processes on this machine,
 * and how busy all cores were. Wall-clock rates swing with whatever else runs on the machine;
 * these vary less.
 */
import fs from 'node:fs';

export type Ticks = { busy: number; total: number };

export const cpuMs = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000;

/** User + system (or only system) CPU time of a process so far, from /proc (Linux; clock ticks of 10 ms). */
export function processCpuMs(pid: number, which: 'all' | 'system' = 'all'): number {
  return cpuMsFromStat(`/proc/${pid}/stat`, which);
}

/** The same for one thread: the main thread (tid = pid) runs the JavaScript, argon2 runs on libuv's pool. */
export function threadCpuMs(pid: number, tid: number): number {
  return cpuMsFromStat(`/proc/${pid}/task/${tid}/stat`, 'all');
}

/** The fields of /proc/…/stat after "pid (comm) ": state, ppid, … utime (11), stime (12), cutime, cstime. */
function statFields(file: string): string[] {
  return fs.readFileSync(file, 'utf8').split(') ')[1].split(' ');
}

function cpuMsFromStat(file: string, which: 'all' | 'system' | 'children'): number {
  const fields = statFields(file);
  const ticks =
    which === 'system' ? Number(fields[12]) : which === 'children' ? Number(fields[13]) + Number(fields[14]) : Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / 100;
}

/**
 * CPU time so far of this machine's PostgreSQL processes (0 where it does not run here): the
 * living ones, plus what ended backends used — the postmaster (the one whose parent is not
 * PostgreSQL) reaps them, so their time is in its children's counters. Otherwise a pooled
 * connection closed mid-run would take its backend's time out of the sum.
 */
export function postgresCpuMs(): number {
  let total = 0;
  for (const pid of fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    if (!isPostgres(pid)) continue;
    try {
      const stat = `/proc/${pid}/stat`;
      total += cpuMsFromStat(stat, 'all');
      if (!isPostgres(statFields(stat)[1])) total += cpuMsFromStat(stat, 'children');
    } catch {
      // The process ended while we looked.
    }
  }
  return total;
}

function isPostgres(pid: string): boolean {
  try {
    return fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres';
  } catch {
    return false;
  }
}

/** All cores' busy and total clock ticks so far, from /proc/stat (Linux). */
export function machineCpuTicks(): Ticks {
  const [, ...ticks] = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
  const total = ticks.reduce((sum, t) => sum + t, 0);
  // idle and iowait are the 4th and 5th numbers.
  return { busy: total - ticks[3] - ticks[4], total };
}

export function addTicks(into: Ticks, since: Ticks, now = machineCpuTicks()) {
  into.busy += now.busy - since.busy;
  into.total += now.total - since.total;
}

export const percent = (ticks: Ticks) => `${((ticks.busy / Math.max(1, ticks.total)) * 100).toFixed(0)} %`;
