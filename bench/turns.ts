/**
 * Room transitions per event-loop turn (BENCH_TRACE=1 only). A room's transition is one room's burst of
 * `game:question`, `game:leaderboard`, `player:result` (the close) frames; when several rooms move on in
 * the same turn, the answers that arrive meanwhile wait for all of them before the poll phase reads them.
 *
 * The server side (`watchTurns`) cuts time into turns with a timer due every TICK_MS: a "turn" is the time
 * between two of its firings. A turn that runs late (longer than TICK_MS plus a little) held no timers phase,
 * so it lies inside one event-loop iteration (its poll phase and what ran after it); a short one may hold
 * several quick iterations. Per turn it keeps: start, end, the rooms whose transition frames it wrote (one
 * count per room and event), the transition frames, and the answer frames it read.
 *
 * The reader (`npx tsx bench/turns.ts TRACE.json`) says how many rooms moved on per turn, how long such
 * turns were, and how many transitions the turns held in which the slowest 1 % of acks were read.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { summarize, type Split } from './ack-split.js';
import { now } from './phone.js';
import { pct } from './report.js';

export const TICK_MS = 2;
/** The frames of a room's transition (the close is its `player:result` frames; the host's reveal rides along). */
export const TRANSITION_EVENTS = new Set(['game:question', 'game:leaderboard', 'player:result']);

/** A turn: [start, end, rooms' transitions, transition frames, answer frames read]. */
export type Turn = [start: number, end: number, transitions: number, frames: number, reads: number];

export function watchTurns() {
  let turns: Turn[] = [];
  let start = now();
  let seen = new Set<string>();
  let frames = 0;
  let reads = 0;
  const tick = () => {
    const t = now();
    if (frames > 0 || reads > 0) turns.push([start, t, seen.size, frames, reads]);
    start = t;
    if (seen.size > 0) seen = new Set();
    frames = 0;
    reads = 0;
    setTimeout(tick, TICK_MS).unref();
  };
  setTimeout(tick, TICK_MS).unref();
  return {
    /** A frame written: counted if it is a transition's (`pin` the room of the socket it went to). */
    frame(event: string, pin: string | undefined): void {
      if (!TRANSITION_EVENTS.has(event)) return;
      frames++;
      if (pin !== undefined) seen.add(`${pin}:${event}`);
    },
    /** An answer frame read. */
    answerRead(): void {
      reads++;
    },
    reset: () => void (turns = []),
    read: (): Turn[] => turns,
  };
}

export interface TurnFigures {
  turns: number;
  transitions: number;
  /** Turns by how many rooms moved on in them (1, 2, 3, 4+) and the share of transitions in turns with ≥ 2. */
  byCount: Record<string, number>;
  sharedShare: number;
  /** Length (ms) of turns with 0 / 1 / ≥ 2 transitions: p50, p99, max. */
  length: Record<string, { n: number; p50: number; p99: number; max: number }>;
  /** Turns longer than 10 ms: how many, and the transitions in them (mean, max). */
  late: { n: number; meanTransitions: number; maxTransitions: number; withTransition: number };
  /** The slowest 1 % of acks: transitions in the turns they waited through (from sent to read), mean and p50/p90. */
  tailWaitedThrough: { mean: number; p50: number; p90: number };
  allWaitedThrough: { mean: number };
}

/** Transitions in turns overlapping [t0, t1] (turns sorted by start). */
function transitionsIn(turns: Turn[], t0: number, t1: number): number {
  let lo = 0;
  let hi = turns.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (turns[mid][1] < t0) lo = mid + 1;
    else hi = mid;
  }
  let n = 0;
  for (let i = lo; i < turns.length && turns[i][0] <= t1; i++) n += turns[i][2];
  return n;
}

export function turnFigures(turns: Turn[], splits: Split[]): TurnFigures {
  const ts = [...turns].sort((a, b) => a[0] - b[0]);
  const transitions = ts.reduce((a, t) => a + t[2], 0);
  const byCount: Record<string, number> = { '1': 0, '2': 0, '3': 0, '4+': 0 };
  let shared = 0;
  for (const t of ts) {
    if (t[2] === 0) continue;
    byCount[t[2] >= 4 ? '4+' : String(t[2])]++;
    if (t[2] >= 2) shared += t[2];
  }
  const len = (xs: Turn[]) => {
    const ms = xs.map((t) => t[1] - t[0]);
    return { n: ms.length, p50: pct(ms, 50), p99: pct(ms, 99), max: Math.max(0, ...ms) };
  };
  const late = ts.filter((t) => t[1] - t[0] > 10);
  const s = summarize(splits, 0);
  const tail = splits.filter((x) => x.total >= s.tail.threshold);
  const through = (xs: Split[]) => xs.map((x) => transitionsIn(ts, x.sentAt, x.sentAt + x.toServer));
  const tw = through(tail);
  const aw = through(splits);
  const mean = (xs: number[]) => xs.reduce((a, x) => a + x, 0) / Math.max(1, xs.length);
  return {
    turns: ts.length,
    transitions,
    byCount,
    sharedShare: shared / Math.max(1, transitions),
    length: { none: len(ts.filter((t) => t[2] === 0)), one: len(ts.filter((t) => t[2] === 1)), several: len(ts.filter((t) => t[2] >= 2)) },
    late: { n: late.length, meanTransitions: mean(late.map((t) => t[2])), maxTransitions: Math.max(0, ...late.map((t) => t[2])), withTransition: late.filter((t) => t[2] > 0).length },
    tailWaitedThrough: { mean: mean(tw), p50: pct(tw, 50), p90: pct(tw, 90) },
    allWaitedThrough: { mean: mean(aw) },
  };
}

function main(): void {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: npx tsx bench/turns.ts TRACE.json');
    process.exit(2);
  }
  const t = JSON.parse(readFileSync(file, 'utf8')) as { label: string; splits: Split[]; server: { turns?: Turn[] } };
  if (!t.server.turns) {
    console.error('this trace has no turns (written before bench/turns.ts)');
    process.exit(1);
  }
  const f = turnFigures(t.server.turns, t.splits);
  const d = (x: number) => x.toFixed(1);
  console.log(`${t.label}: ${f.transitions} room transitions in ${f.turns} turns with a transition frame or an answer read`);
  console.log(`turns by rooms moving on in them: ${Object.entries(f.byCount).map(([k, v]) => `${k}: ${v}`).join(', ')}; transitions sharing a turn with another room's: ${d(100 * f.sharedShare)} %`);
  for (const [k, v] of Object.entries(f.length)) console.log(`  turn length, ${k === 'none' ? 'no transition' : k === 'one' ? 'one room' : '≥ 2 rooms'}: ${v.n} turns, p50 ${d(v.p50)}, p99 ${d(v.p99)}, longest ${d(v.max)} ms`);
  console.log(`turns > 10 ms: ${f.late.n}, ${f.late.withTransition} with a transition; transitions in them: mean ${d(f.late.meanTransitions)}, most ${f.late.maxTransitions}`);
  console.log(`transitions in the turns an ack waited through until read — slowest 1 %: mean ${d(f.tailWaitedThrough.mean)}, p50 ${d(f.tailWaitedThrough.p50)}, p90 ${d(f.tailWaitedThrough.p90)}; all: mean ${d(f.allWaitedThrough.mean)}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
