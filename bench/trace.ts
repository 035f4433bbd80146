/**
 * Reads an S4 trace (BENCH_TRACE=1 npm run bench -- --scenarios S4 …; bench/many.ts writes it) and says what
 * the slowest acks overlapped: each ack's parts (bench/ack-split.ts), the server's GC pauses and late
 * event-loop turns, the bots' GC pauses, and the frames the server wrote meanwhile, all on one clock.
 *   npx tsx bench/trace.ts bench/results/latest.s4-trace-memory-classroom-1.json [--top 20]
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { summarize, type Split } from './ack-split.js';
import { optionNumber } from './cli-option.js';
import { pct } from './report.js';
import type { Stall } from './stalls.js';

type Gc = [start: number, ms: number, kind: number];
export interface Trace {
  label: string;
  splits: Split[];
  server: { frames: [number, string][]; stalls: Stall[]; gc: Gc[] };
  /** Per bot process: its GC pauses and late turns. */
  bots: { gc: Gc[]; stalls: Stall[] }[];
}

/** How long [a0, a1] and [b0, b1] share (ms, 0 if apart). */
export function overlap(a0: number, a1: number, b0: number, b1: number): number {
  return Math.max(0, Math.min(a1, b1) - Math.max(a0, b0));
}

/** Sum of the overlaps of [a0, a1] with intervals given as [start, length]. */
function covered(a0: number, a1: number, xs: [number, number, ...number[]][]): number {
  let n = 0;
  for (const x of xs) n += overlap(a0, a1, x[0], x[0] + x[1]);
  return n;
}

/**
 * The overlap of [a0, a1] with late turns, split as each turn was: on a core (our code, GC) or runnable and
 * waiting for one (the machine's other processes had both cores); each turn's split is taken pro rata.
 */
function coveredStalls(a0: number, a1: number, xs: Stall[]): { ms: number; onCpuMs: number; waitingMs: number } {
  const r = { ms: 0, onCpuMs: 0, waitingMs: 0 };
  for (const [at, late, on, wait] of xs) {
    const o = overlap(a0, a1, at, at + late);
    if (o <= 0) continue;
    r.ms += o;
    const known = on + wait;
    if (known > 0) {
      r.onCpuMs += (o * on) / known;
      r.waitingMs += (o * wait) / known;
    }
  }
  return r;
}

export interface Part {
  ms: number;
  gcMs: number;
  stallMs: number;
  onCpuMs: number;
  waitingMs: number;
}
const part = (): Part => ({ ms: 0, gcMs: 0, stallMs: 0, onCpuMs: 0, waitingMs: 0 });
function add(p: Part, ms: number, a0: number, a1: number, gc: Gc[], stalls: Stall[]): { gc: number; stall: number } {
  p.ms += ms;
  const g = covered(a0, a1, gc);
  const st = coveredStalls(a0, a1, stalls);
  p.gcMs += g;
  p.stallMs += st.ms;
  p.onCpuMs += st.onCpuMs;
  p.waitingMs += st.waitingMs;
  return { gc: g, stall: st.ms };
}

export interface Attribution {
  acks: number;
  threshold: number;
  tail: number;
  /**
   * Of the slowest acks' time on the way to the server (until the server read them): covered by a server GC
   * pause, by a late server turn, and of the late turns' time the part the server was on a core / waiting for one.
   */
  toServer: Part;
  /** The same for their time inside the server (read → ack written). */
  inServer: Part;
  /** The same for their way back (ack written → callback), against their own bot process's GC pauses and late turns. */
  toBot: Part;
  /** Slowest acks that overlapped at least one server GC pause / one late server turn / a GC of their bot. */
  withServerGc: number;
  withServerStall: number;
  withBotGc: number;
  /** Frames the server wrote while the slowest acks waited to be read, per ack, by event; and the same for all acks. */
  framesWhileWaiting: { tail: Record<string, number>; all: Record<string, number> };
  /** GC pauses: count, p99, longest; late turns: count, p99, longest, and of their time the share waiting for a core. */
  server: Counts;
  bots: Counts;
}

export interface Counts {
  gc: { count: number; p99: number; max: number };
  stalls: { count: number; p99: number; max: number; waitingShare: number };
}
function counts(gc: Gc[], stalls: Stall[]): Counts {
  const on = stalls.reduce((a, x) => a + (x[2] || 0), 0);
  const wait = stalls.reduce((a, x) => a + (x[3] || 0), 0);
  return {
    gc: { count: gc.length, p99: pct(gc.map((g) => g[1]), 99), max: Math.max(0, ...gc.map((g) => g[1])) },
    stalls: { count: stalls.length, p99: pct(stalls.map((g) => g[1]), 99), max: Math.max(0, ...stalls.map((g) => g[1])), waitingShare: on + wait > 0 ? wait / (on + wait) : NaN },
  };
}

/** Frames written in [t0, t1], by event (binary search over the time-ordered frame list). */
function framesIn(frames: [number, string][], t0: number, t1: number, into: Record<string, number>): void {
  let lo = 0;
  let hi = frames.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (frames[mid][0] < t0) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < frames.length && frames[i][0] <= t1; i++) into[frames[i][1]] = (into[frames[i][1]] ?? 0) + 1;
}

export function attribute(t: Trace): Attribution {
  const s = summarize(t.splits, 0);
  const tail = t.splits.filter((x) => x.total >= s.tail.threshold);
  const first = Math.min(...t.splits.map((x) => x.sentAt));
  const last = Math.max(...t.splits.map((x) => x.sentAt + x.total));
  // Only what happened while answers were in flight: the trace is read after the window (its own GC is not).
  const inWindow = <T extends [number, number, ...number[]]>(xs: T[]) => xs.filter((x) => x[0] + x[1] >= first && x[0] <= last);
  const gc = inWindow(t.server.gc);
  const stalls = inWindow(t.server.stalls);
  const bots = t.bots.map((b) => ({ gc: inWindow(b.gc), stalls: inWindow(b.stalls) }));
  const frames = [...t.server.frames].sort((a, b) => a[0] - b[0]);
  const r: Attribution = {
    acks: t.splits.length,
    threshold: s.tail.threshold,
    tail: tail.length,
    toServer: part(),
    inServer: part(),
    toBot: part(),
    withServerGc: 0,
    withServerStall: 0,
    withBotGc: 0,
    framesWhileWaiting: { tail: {}, all: {} },
    server: counts(gc, stalls),
    bots: counts(bots.flatMap((b) => b.gc), bots.flatMap((b) => b.stalls)),
  };
  for (const a of tail) {
    const rx = a.sentAt + a.toServer;
    const tx = rx + a.inServer;
    const done = a.sentAt + a.total;
    const g1 = add(r.toServer, a.toServer, a.sentAt, rx, gc, stalls);
    const g2 = add(r.inServer, a.inServer, rx, tx, gc, stalls);
    const b = a.bot !== undefined ? bots[a.bot] : { gc: bots.flatMap((x) => x.gc), stalls: bots.flatMap((x) => x.stalls) };
    const g3 = add(r.toBot, a.toBot, tx, done, b?.gc ?? [], b?.stalls ?? []);
    if (g1.gc + g2.gc > 0) r.withServerGc++;
    if (g1.stall + g2.stall > 0) r.withServerStall++;
    if (g3.gc > 0) r.withBotGc++;
    framesIn(frames, a.sentAt, rx, r.framesWhileWaiting.tail);
  }
  for (const a of t.splits) framesIn(frames, a.sentAt, a.sentAt + a.toServer, r.framesWhileWaiting.all);
  const per = (m: Record<string, number>, n: number) => Object.fromEntries(Object.entries(m).map(([k, v]) => [k, v / Math.max(1, n)]));
  r.framesWhileWaiting = { tail: per(r.framesWhileWaiting.tail, tail.length), all: per(r.framesWhileWaiting.all, t.splits.length) };
  return r;
}

function main(): void {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: npx tsx bench/trace.ts TRACE.json [--top N]');
    process.exit(2);
  }
  const top = optionNumber(process.argv, '--top', 15);
  const t = JSON.parse(readFileSync(file, 'utf8')) as Trace;
  const s = summarize(t.splits, 0);
  const a = attribute(t);
  const f = (x: number) => x.toFixed(1);
  console.log(`${t.label}: ${a.acks} acks; p99 ${f(s.p99.total)} ms — parts alone: to the server ${f(s.p99.toServer)}, in the server ${f(s.p99.inServer)}, back to the bot ${f(s.p99.toBot)} ms`);
  console.log(`slowest ${a.tail} (≥ ${f(a.threshold)} ms), medians: to the server ${f(s.tail.median.toServer)}, in the server ${f(s.tail.median.inServer)}, back to the bot ${f(s.tail.median.toBot)} ms`);
  const pt = (name: string, p: Part) => `${name} ${f(p.ms)} ms (GC ${f(p.gcMs)}; late turns ${f(p.stallMs)}: on a core ${f(p.onCpuMs)}, waiting for one ${f(p.waitingMs)})`;
  console.log(`  their time: ${pt('to the server', a.toServer)}; ${pt('in the server', a.inServer)}; ${pt("back to the bot (its own bot's)", a.toBot)}`);
  console.log(`  overlapping a server GC pause: ${a.withServerGc}; a late server turn: ${a.withServerStall}; a GC of their bot on the way back: ${a.withBotGc}`);
  const ct = (who: string, c: Counts) => `${who}: GC pauses ${c.gc.count} (p99 ${f(c.gc.p99)}, longest ${f(c.gc.max)} ms); late turns > 8 ms ${c.stalls.count} (p99 ${f(c.stalls.p99)}, longest ${f(c.stalls.max)} ms, ${f(100 * c.stalls.waitingShare)} % of their time waiting for a core)`;
  console.log(ct('server', a.server));
  console.log(ct('bots', a.bots));
  const fr = (m: Record<string, number>) => Object.entries(m).sort((x, y) => y[1] - x[1]).slice(0, 6).map(([k, v]) => `${k} ${v.toFixed(0)}`).join(', ');
  console.log(`frames the server wrote while an answer waited to be read, per ack — slowest: ${fr(a.framesWhileWaiting.tail)}; all: ${fr(a.framesWhileWaiting.all)}`);
  const t0 = Math.min(...t.splits.map((x) => x.sentAt));
  console.log(`\nslowest ${top}: at (s), total, to server, in server, back (ms), bot; server GC overlapping [start, ms, kind]; server late turns; their bot's late turns on the way back`);
  for (const x of [...t.splits].sort((p, q) => q.total - p.total).slice(0, top)) {
    const rx = x.sentAt + x.toServer;
    const tx = rx + x.inServer;
    const g = t.server.gc.filter((e) => overlap(x.sentAt, tx, e[0], e[0] + e[1]) > 0).map((e) => `[${f((e[0] - t0) / 1000)}s ${f(e[1])} k${e[2]}]`);
    const st = t.server.stalls.filter((e) => overlap(x.sentAt, tx, e[0], e[0] + e[1]) > 0).map((e) => `[${f((e[0] - t0) / 1000)}s ${f(e[1])} cpu ${f(e[2])} wait ${f(e[3])}]`);
    const bs = (x.bot !== undefined ? (t.bots[x.bot]?.stalls ?? []) : []).filter((e) => overlap(tx, x.sentAt + x.total, e[0], e[0] + e[1]) > 0).map((e) => `[${f(e[1])} cpu ${f(e[2])} wait ${f(e[3])}]`);
    console.log(`  ${f((x.sentAt - t0) / 1000)}  ${f(x.total)}  ${f(x.toServer)}  ${f(x.inServer)}  ${f(x.toBot)}  b${x.bot ?? '?'}  gc ${g.join(' ') || '-'}  late ${st.join(' ') || '-'}  bot late ${bs.join(' ') || '-'}`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
