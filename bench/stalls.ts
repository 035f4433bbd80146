/**
 * Late event-loop turns, with why they were late (BENCH_TRACE=1 only: a 2 ms timer and a small file read per
 * tick). A timer is due every TICK_MS; when it runs more than STALL_MS late, the turn is kept with what the
 * main thread did meanwhile, from Linux's schedstat for this thread (on-CPU time, and time runnable but
 * waiting for a core): a turn late because our own code or a GC pause ran is "on CPU"; a turn late because
 * the process was off its core (the other processes on the 2 cores had them) is "waiting".
 */
import { readFileSync } from 'node:fs';
import { now } from './phone.js';

export const TICK_MS = 2;
export const STALL_MS = 8;

/** A late turn: when it was due, how late it ran (ms), and of that, ms on a core and ms runnable without one. */
export type Stall = [at: number, lateMs: number, onCpuMs: number, waitingMs: number];

/** This thread's [on-CPU, runnable-waiting] ns (Linux), or undefined where there is no schedstat. */
export function schedstat(): [number, number] | undefined {
  try {
    const f = readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ');
    return [Number(f[0]), Number(f[1])];
  } catch {
    return undefined;
  }
}

/** Starts the watch (it never keeps the process alive); `read` returns the late turns since the last `reset`. */
export function watchStalls() {
  let stalls: Stall[] = [];
  let due = now() + TICK_MS;
  let last = schedstat();
  const tick = () => {
    const t = now();
    const s = schedstat();
    if (t - due > STALL_MS) {
      const on = s && last ? (s[0] - last[0]) / 1e6 : NaN;
      const wait = s && last ? (s[1] - last[1]) / 1e6 : NaN;
      stalls.push([due, t - due, on, wait]);
    }
    last = s;
    due = now() + TICK_MS;
    setTimeout(tick, TICK_MS).unref();
  };
  setTimeout(tick, TICK_MS).unref();
  return {
    reset: () => void (stalls = []),
    read: (): Stall[] => stalls,
  };
}
