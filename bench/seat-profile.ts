/**
 * A server's V8 CPU profile (--cpu-prof) cut to one of its stats windows as bench/seat-probe.ts recorded it
 * (SEAT_PROBE_JSON=0 for a profiling run: the windows' times only): self time by function, inclusive time
 * by function, and self time by package / source file.
 *   npx tsx bench/seat-profile.ts PROFILE.cpuprofile PROBE.jsonl [--window 1] [--top 30]
 *   npx tsx bench/seat-profile.ts PROFILE.cpuprofile SEATS.jsonl --stats [--window 0]   (BENCH_SEAT_STATS's file: compiled servers too)
 * Proportions only: on a shared machine a sample also counts the time the process waited for a core.
 */
import { readFileSync } from 'node:fs';
import { optionNumber } from './cli-option.js';
import { selfTime, type Profile } from './profile-windows.js';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

const args = process.argv.slice(2);
const opt = (name: string, dflt: number) => optionNumber(args, name, dflt);
const [profFile, probeFile] = args;
if (!profFile || !probeFile) {
  console.error('usage: npx tsx bench/seat-profile.ts PROFILE.cpuprofile PROBE.jsonl [--window 1] [--top 30]');
  process.exit(2);
}
const top = opt('--top', 30);
const windowNo = opt('--window', 1);
const p = JSON.parse(readFileSync(profFile, 'utf8')) as Profile & { nodes: Node[] };
// A seat-probe file (its window N), or with --stats a BENCH_SEAT_STATS file (the line of this profile's process: window 0 connect, 1 join).
type Seat = { connect: { pid?: number; mono?: [number, number] }; join: { mono?: [number, number] } };
const pidOf = /\.(\d+)\.\d+\.\d+\.cpuprofile$/.exec(profFile)?.[1];
const line = args.includes('--stats')
  ? readFileSync(probeFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Seat)
      .filter((s) => String(s.connect.pid) === pidOf)
      .map((s) => ({ window: windowNo, mono: (windowNo === 0 ? s.connect.mono : s.join.mono)! }))[0]
  : readFileSync(probeFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { window: number; mono: [number, number] })
      .find((w) => w.window === windowNo);
if (!line) throw new Error(`no window ${windowNo} in ${probeFile}`);
const [from, to] = line.mono;
const keep = (ms: number) => ms >= from && ms <= to;

const label = (f: Node['callFrame']) => {
  const file = f.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/(server|bench|shared)\//, '$1/');
  return `${f.functionName || '(anonymous)'} ${file}${file ? `:${f.lineNumber + 1}` : ''}`;
};
const pkg = (url: string) => {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1];
  const s = /\/(server|shared|bench)\/(.*)$/.exec(url);
  if (s) return `${s[1]}/${s[2]}`;
  return url.startsWith('node:') ? 'node:' + url.slice(5).split('/')[0] : url || '(native/vm)';
};

// Inclusive: each sample counts once for every distinct function on its stack.
const parent = new Map<number, number>();
for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const byId = new Map(p.nodes.map((n) => [n.id, n]));
const incl = new Map<string, number>();
const inclPkg = new Map<string, number>();
const byPkg = new Map<string, number>();
let total = 0;
let t = p.startTime;
for (let i = 0; i < p.samples.length; i++) {
  t += p.timeDeltas[i];
  const dt = (p.timeDeltas[i + 1] ?? 0) / 1000;
  if (!keep(t / 1000)) continue;
  total += dt;
  const leaf = byId.get(p.samples[i])!;
  const k = leaf.callFrame.url ? pkg(leaf.callFrame.url) : leaf.callFrame.functionName;
  byPkg.set(k, (byPkg.get(k) ?? 0) + dt);
  const seen = new Set<string>();
  const seenPkg = new Set<string>();
  for (let id: number | undefined = leaf.id; id !== undefined; id = parent.get(id)) {
    const f = byId.get(id)!.callFrame;
    const pk = f.url ? pkg(f.url) : f.functionName;
    if (!seenPkg.has(pk)) {
      seenPkg.add(pk);
      inclPkg.set(pk, (inclPkg.get(pk) ?? 0) + dt);
    }
    const l = label(f);
    if (seen.has(l)) continue;
    seen.add(l);
    incl.set(l, (incl.get(l) ?? 0) + dt);
  }
}
const show = (title: string, m: Map<string, number>) => {
  console.log(`\n${title}`);
  for (const [k, v] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${v.toFixed(1).padStart(8)} ms  ${k}`);
};
console.log(`window ${windowNo}: ${(to - from).toFixed(0)} ms wall, ${total.toFixed(0)} ms of samples`);
show('self time by package / file', byPkg);
show('inclusive time by package / file', inclPkg);
show('self time by function', selfTime(p, keep));
show('inclusive time by function', incl);
