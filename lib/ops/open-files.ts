/**
 * Which other processes have a file open (Linux /proc, best effort: processes of other users
 * are not visible). A restore over a SQLite file that a running server holds would leave that
 * server writing into the replaced file's ghost, or mixing its WAL into the new one.
 */
import fs from 'node:fs';

export type FileHolder = { pid: number; command: string };

export function processesHolding(files: readonly string[]): FileHolder[] {
  const wanted = new Set<string>();
  for (const file of files) {
    try {
      wanted.add(fs.realpathSync(file));
    } catch {
      // Not there: nobody holds it.
    }
  }
  if (wanted.size === 0 || !fs.existsSync('/proc/self/fd')) return [];
  const holders: FileHolder[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    let fds: string[];
    try {
      fds = fs.readdirSync(`/proc/${name}/fd`);
    } catch {
      continue;
    }
    const holds = fds.some((fd) => {
      try {
        return wanted.has(fs.readlinkSync(`/proc/${name}/fd/${fd}`));
      } catch {
        return false;
      }
    });
    if (holds) holders.push({ pid: Number(name), command: commandLineOf(Number(name)) });
  }
  return holders;
}

function commandLineOf(pid: number): string {
  try {
    const text = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
    return text.length > 120 ? `${text.slice(0, 117)}…` : text;
  } catch {
    return '?';
  }
}
