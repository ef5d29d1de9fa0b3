import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseVmRssKib, processTreeRssKib } from './proc-memory';

describe('parseVmRssKib', () => {
  it('reads the VmRSS line of /proc/<pid>/status', () => {
    expect(parseVmRssKib('Name:\tnode\nVmPeak:\t 1200000 kB\nVmRSS:\t  123456 kB\nRssAnon:\t 100000 kB\n')).toBe(123456);
  });

  it('is null without one (a zombie, a kernel thread)', () => {
    expect(parseVmRssKib('Name:\tkthreadd\nState:\tS (sleeping)\n')).toBeNull();
  });
});

describe('processTreeRssKib', () => {
  it('adds the resident memory of the processes below to its own', async () => {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
    try {
      await new Promise((resolve) => child.once('spawn', resolve));
      // A Node.js process holds well over 10 MiB resident once it runs.
      await expect.poll(() => processTreeRssKib(child.pid!), { timeout: 5000 }).toBeGreaterThan(10 * 1024);
      const own = parseVmRssKib(fs.readFileSync(`/proc/${process.pid}/status`, 'utf8'))!;
      expect(processTreeRssKib(process.pid) - own).toBeGreaterThan(10 * 1024);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
