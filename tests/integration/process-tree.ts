/**
 * Real processes for the shutdown tests: a process's descendants (from /proc),
 * whether a pid still runs, and waiting for a line of output. Linux only, as the servers are.
 */
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';

type ProcStat = { pid: number; ppid: number; state: string; startTime: string };

function readStat(pid: number): ProcStat | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (command) state ppid … starttime (field 22) …": the command may hold spaces and parentheses.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { pid, ppid: Number(fields[1]), state: fields[0], startTime: fields[19] };
  } catch {
    return null;
  }
}

/** Running (a zombie has ended: only its exit status is left for a parent that never asks). */
export function isRunning(pid: number): boolean {
  const stat = readStat(pid);
  return stat !== null && stat.state !== 'Z';
}

/** `pid` and every process below it, running now. */
export function processTree(pid: number): number[] {
  const all = fs
    .readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((name) => readStat(Number(name)))
    .filter((s): s is ProcStat => s !== null);
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) for (const s of all) if (s.ppid === tree[i] && s.state !== 'Z') tree.push(s.pid);
  return tree.filter(isRunning);
}

export function commandOf(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
  } catch {
    return '';
  }
}

export async function waitUntil(what: string, probe: () => boolean | Promise<boolean>, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (!(await probe())) {
    if (Date.now() - started > timeoutMs) throw new Error(`Timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return Date.now() - started;
}

/** Everything the child writes to stdout and stderr, as it comes. */
export function captureOutput(child: ChildProcess): () => string {
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  return () => output;
}

/**
 * The processes a test started, to SIGKILL in afterEach whatever of them still runs: a failed
 * test leaves no server behind. Each pid is kept with its start time, so a pid the kernel has
 * since given to another process (a shared machine) is left alone; the list is emptied after.
 */
export function startedProcesses() {
  const started = new Map<number, string>();
  return {
    add(pid: number): void {
      const stat = readStat(pid);
      if (stat) started.set(pid, stat.startTime);
    },
    killLeftovers(): void {
      for (const [pid, startTime] of started) {
        const stat = readStat(pid);
        if (!stat || stat.state === 'Z' || stat.startTime !== startTime) continue;
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // Gone meanwhile.
        }
      }
      started.clear();
    },
  };
}
