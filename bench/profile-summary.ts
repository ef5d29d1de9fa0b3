/**
 * npx tsx bench/profile-summary.ts <file.cpuprofile> [top] — where a V8 CPU profile (node
 * --cpu-prof, e.g. from BENCH_HTTP_CPU_PROF) spent its samples: self time grouped by package
 * (node_modules/<name>), by the project's own files, and Node's internals, then the top
 * functions. A quick terminal view for comparing runs; Chrome DevTools shows the full tree.
 * V8 samples the main thread on a wall clock: when every core is busy (argon2 on libuv's
 * pool), a function that was descheduled goes on collecting samples, so compare shares
 * between runs rather than trusting absolute milliseconds; `perf record -e cpu-clock` counts
 * CPU time only.
 */
import fs from 'node:fs';

type ProfileNode = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] };
type Profile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };

function groupOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const rest = url.slice(modules + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (url.startsWith('node:')) return 'node internals';
  const chunk = url.match(/\.next\/server\/(.*)$/);
  return chunk ? `.next/server/${chunk[1].replace(/[0-9a-f]{8,}/g, '*')}` : url.replace(/^file:\/\//, '');
}

function main() {
  const [file, topText] = process.argv.slice(2);
  if (!file) {
    console.error('Usage: npx tsx bench/profile-summary.ts <file.cpuprofile> [top functions, default 25]');
    process.exit(2);
  }
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  let total = 0;
  const groups = new Map<string, number>();
  const functions = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const { callFrame } = byId.get(id)!;
    total += us;
    const group = groupOf(callFrame.url, callFrame.functionName);
    groups.set(group, (groups.get(group) ?? 0) + us);
    const name = `${callFrame.functionName || '(anonymous)'} ${group}:${callFrame.lineNumber + 1}`;
    functions.set(name, (functions.get(name) ?? 0) + us);
  }
  const print = (title: string, entries: Map<string, number>, top: number) => {
    console.log(`\n${title}`);
    for (const [name, us] of [...entries].sort((a, b) => b[1] - a[1]).slice(0, top)) {
      console.log(`${((us / total) * 100).toFixed(1).padStart(5)} %  ${(us / 1000).toFixed(0).padStart(7)} ms  ${name}`);
    }
  };
  console.log(`${(total / 1000).toFixed(0)} ms sampled on the main thread (argon2 runs on libuv's pool and is not in it)`);
  print('Self time by package or file', groups, 20);
  print('Top functions by self time', functions, Number(topText ?? 25));
}

main();
