/**
 * A V8 CPU profile (--cpu-prof) read against an S4 trace (BENCH_TRACE=1): self time by function over the
 * play window, and over the server's late turns only (what the server ran while answers waited to be read).
 *   npx tsx bench/profile-windows.ts PROFILE.cpuprofile TRACE.json [--top 25]
 * The trace's `clock` pairs the monotonic clock (the profile's, µs) with the bench's `now()`.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { optionNumber } from './cli-option.js';
import type { Trace } from './trace.js';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
export interface Profile {
  nodes: Node[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Self time (ms) by "function file:line" of the samples whose time (ms, on the profile's clock) falls in `keep`. */
export function selfTime(p: Profile, keep: (ms: number) => boolean): Map<string, number> {
  const name = new Map<number, string>();
  for (const n of p.nodes) {
    const f = n.callFrame;
    const file = f.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/(server|bench|shared)\//, '$1/');
    name.set(n.id, `${f.functionName || '(anonymous)'} ${file}${file ? `:${f.lineNumber + 1}` : ''}`);
  }
  const out = new Map<string, number>();
  let t = p.startTime;
  for (let i = 0; i < p.samples.length; i++) {
    t += p.timeDeltas[i];
    // A sample stands for the time until the next one.
    const dt = (p.timeDeltas[i + 1] ?? 0) / 1000;
    if (!keep(t / 1000)) continue;
    const k = name.get(p.samples[i]) ?? '?';
    out.set(k, (out.get(k) ?? 0) + dt);
  }
  return out;
}

function main(): void {
  const [profFile, traceFile] = process.argv.slice(2);
  if (!profFile || !traceFile) {
    console.error('usage: npx tsx bench/profile-windows.ts PROFILE.cpuprofile TRACE.json [--top N]');
    process.exit(2);
  }
  const top = optionNumber(process.argv, '--top', 25);
  const p = JSON.parse(readFileSync(profFile, 'utf8')) as Profile;
  const t = JSON.parse(readFileSync(traceFile, 'utf8')) as Trace & { server: { clock?: [number, number] } };
  if (!t.server.clock) throw new Error('the trace has no clock pairing (an older trace)');
  const [mono, wall] = t.server.clock;
  const toWall = (ms: number) => ms - mono + wall;
  const first = Math.min(...t.splits.map((x) => x.sentAt));
  const last = Math.max(...t.splits.map((x) => x.sentAt + x.total));
  const late = t.server.stalls.filter((s) => s[0] + s[1] >= first && s[0] <= last).sort((a, b) => a[0] - b[0]);
  const inLate = (w: number) => {
    let lo = 0;
    let hi = late.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (late[mid][0] + late[mid][1] < w) lo = mid + 1;
      else hi = mid;
    }
    return lo < late.length && late[lo][0] <= w;
  };
  const show = (title: string, m: Map<string, number>) => {
    const total = [...m.values()].reduce((a, b) => a + b, 0);
    console.log(`\n${title}: ${total.toFixed(0)} ms sampled`);
    for (const [k, v] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${v.toFixed(1).padStart(8)} ms  ${((100 * v) / total).toFixed(1).padStart(5)} %  ${k}`);
  };
  show('play window', selfTime(p, (ms) => toWall(ms) >= first && toWall(ms) <= last));
  show(`the server's late turns (${late.length})`, selfTime(p, (ms) => inLate(toWall(ms))));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
