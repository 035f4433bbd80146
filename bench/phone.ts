/** What every bench phone shares: its loopback address, how it connects, and a valid answer to any question. */
import { io, type Socket } from 'socket.io-client';

/**
 * The machine's monotonic clock (CLOCK_MONOTONIC, ms since boot) with sub-ms precision: one clock for all the
 * bench's processes on the machine, whenever each started. It was `performance.timeOrigin + performance.now()`, a
 * wall time fixed when the process started plus the monotonic clock: two processes started on either side of a
 * wall-clock step (the VM's snapshot) then disagreed by the step for good (session 31's run 7: a server 5.5 s ahead
 * of the bots in S4's ack split; docs/performance-history.md, session 32, early32). `performance.now()` runs on the
 * same clock as `process.hrtime`; the origin is read once, so a call allocates nothing.
 */
const ORIGIN = Number(process.hrtime.bigint()) / 1e6 - performance.now();
export const now = (): number => ORIGIN + performance.now();
/** A `performance.now()`-relative time (a PerformanceEntry's startTime) on `now()`'s clock. */
export const fromPerformance = (ms: number): number => ORIGIN + ms;

/**
 * This process's wall clock (Date.now(), the server's clock for deadlines) minus `now()`, in ms: a time `t` on
 * `now()` is `t + clockSkew()` on the wall clock (bench/close-check.ts), also after the wall clock stepped.
 */
export const clockSkew = (): number => Date.now() - now();

/** Bot g's own loopback address: 127.2.0.1 onwards, 250 per last octet (never .0 or .255). */
export function botAddress(g: number): string {
  return `127.${2 + Math.floor(g / 62_500)}.${(Math.floor(g / 250) % 250) + 1}.${(g % 250) + 1}`;
}

/** Host h's own loopback address (a separate range from the bots'). */
export function hostAddress(h: number): string {
  return `127.200.${(Math.floor(h / 250) % 250) + 1}.${(h % 250) + 1}`;
}

export function connectOne(url: string, localAddress: string, timeoutMs = 30_000): Promise<Socket> {
  // localAddress is passed on to the WebSocket in Node (engine.io-client); the types leave it out.
  const s = io(url, { transports: ['websocket'], reconnection: false, forceNew: true, localAddress } as Parameters<typeof io>[1]);
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => (s.disconnect(), reject(new Error(`connect from ${localAddress} took over ${timeoutMs} ms`))), timeoutMs);
    s.once('connect', () => (clearTimeout(t), resolve(s)));
    s.once('connect_error', (e) => (clearTimeout(t), s.disconnect(), reject(e)));
  });
}

type Item = { id: string };
type View = { type: string; options?: Item[]; choose?: number; steps?: Item[]; left?: Item[]; right?: Item[] };

/** A well-formed answer to a question view (right or wrong does not matter to the bench). */
export function answerFor(q: View, g: number): unknown {
  switch (q.type) {
    case 'single':
      return { type: 'single', option: q.options![g % q.options!.length].id };
    case 'multi':
      return { type: 'multi', options: q.options!.slice(0, q.choose ?? 2).map((o) => o.id) };
    case 'truefalse':
      return { type: 'truefalse', value: g % 2 === 0 };
    case 'order':
      return { type: 'order', order: q.steps!.map((s) => s.id) };
    case 'match':
      return { type: 'match', pairs: q.left!.map((l, j) => ({ left: l.id, right: q.right![j % q.right!.length].id })) };
    default:
      throw new Error(`no bench answer for question type ${q.type}`);
  }
}
