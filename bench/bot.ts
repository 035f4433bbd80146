/**
 * A bot process: holds a slice of the bench's phones (socket.io-client, WebSocket only), each on its
 * own loopback address (127.0.0.0/8 is all loopback on Linux), so the server's per-address limits see
 * every bot as one phone. Driven by the bench over IPC (bench/ipc.ts); every wait is bounded.
 */
import type { Socket } from 'socket.io-client';
import { serve } from './ipc.js';
import { ackKey, type BotAck } from './ack-split.js';
import { playRooms, seatRooms, watchAckReads, type Inner, type PlayArgs, type SeatArgs } from './rooms.js';
import { answerFor, botAddress, clockSkew, connectOne, now } from './phone.js';
import { lowestDrops, type Drop } from './close-check.js';
import { procStats } from './proc-stats.js';
import { watchStalls } from './stalls.js';

/** This bot process's own event-loop delay and CPU: a saturated bot reads acks late (bench/proc-stats.ts). */
const stats = procStats();
/** BENCH_TRACE=1: this bot's late event-loop turns (bench/stalls.ts), for the S4 trace. */
const stalls = process.env.BENCH_TRACE === '1' ? watchStalls() : undefined;
/** The wall clock minus `now()` when this process started: a later skew that differs is a wall-clock step. */
const SKEW_AT_START = clockSkew();
let sockets: Socket[] = [];
let first = 0;
/**
 * Phones whose socket closed by the server's or the network's doing (not the bench's own disconnect), with
 * Socket.IO's reason, since the last connect: a phone that drops never comes back (reconnection: false).
 */
let drops: Drop[] = [];
const received = new Map<string, { at: (number | undefined)[]; payload: unknown[] }>();

function arm(event: string): void {
  const slot = { at: new Array<number | undefined>(sockets.length).fill(undefined), payload: new Array<unknown>(sockets.length).fill(undefined) };
  received.set(event, slot);
  sockets.forEach((s, i) => {
    s.off(event);
    s.once(event, (p: unknown) => {
      slot.at[i] = now();
      slot.payload[i] = p;
    });
  });
}

async function settle(event: string, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  const slot = received.get(event);
  while (slot && slot.at.some((t) => t === undefined) && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** When each socket's engine.io last read an ack frame (the bot's side of an ack's split), watched from the first answer on. */
const ackReads = new WeakMap<Socket, { at: number }>();
function readsOf(s: Socket): { at: number } {
  let r = ackReads.get(s);
  if (!r) ackReads.set(s, (r = watchAckReads(s)));
  return r;
}

/**
 * Emits `event` from every socket (after its delay) and times each ack; with `split`, also keeps each
 * ack's key, send, read and callback times (bench/ack-split.ts joins them with the server's).
 */
async function acked(event: string, payload: (i: number) => unknown, delay: (i: number) => number, split = false) {
  const lat: number[] = [];
  const acks: BotAck[] = [];
  const refused: Record<string, number> = {};
  let ok = 0;
  const t0 = now();
  await Promise.all(
    sockets.map(async (s, i) => {
      const p = payload(i);
      if (p === undefined) return;
      const reads = split ? readsOf(s) : undefined;
      const d = delay(i);
      if (d > 0) await sleep(d);
      const inner = s as unknown as Inner;
      const key = split ? ackKey(inner.io.engine.id, inner.ids) : '';
      const t = now();
      try {
        const r = (await s.timeout(30_000).emitWithAck(event, p)) as { ok: boolean; error?: { code: string } };
        const done = now();
        lat.push(done - t);
        if (reads) acks.push({ key, sentAt: t, ...(reads.at >= t ? { readAt: reads.at } : {}), doneAt: done });
        if (r?.ok) ok++;
        else refused[r?.error?.code ?? 'NO_ACK'] = (refused[r?.error?.code ?? 'NO_ACK'] ?? 0) + 1;
      } catch {
        refused.TIMEOUT = (refused.TIMEOUT ?? 0) + 1;
      }
    }),
  );
  return { lat, refused, ok, wallMs: now() - t0, ...(split && { acks }) };
}

serve({
  statsReset: () => (stalls?.reset(), stats.statsReset()),
  statsRead: () => stats.statsRead(),
  /** For the S4 trace: this bot's GC pauses and late turns since the reset. */
  trace: () => ({ gc: stats.gcEvents(), stalls: stalls?.read() ?? [] }),
  async connect(a: { urls: string[]; count: number; first: number }) {
    first = a.first;
    drops = [];
    const t0 = now();
    const lat: number[] = [];
    sockets = [];
    for (let i = 0; i < a.count; i += 200) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(200, a.count - i) }, async (_, j) => {
          const g = a.first + i + j;
          const t = now();
          const s = await connectOne(a.urls[g % a.urls.length], botAddress(g));
          lat.push(now() - t);
          s.on('disconnect', (reason) => void (reason !== 'io client disconnect' && drops.push({ g, reason })));
          return s;
        }),
      );
      sockets.push(...batch);
    }
    return { wallMs: now() - t0, lat };
  },
  /** Cram Night: player:join with a nickname; bare: join a Socket.IO room. */
  async join(a: { pin?: string; room?: string }) {
    return a.pin
      ? acked('player:join', (i) => ({ pin: a.pin, nickname: `Bot ${first + i}` }), () => 0)
      : acked('join', () => ({ room: a.room }), () => 0);
  },
  arm(a: { events: string[] }) {
    for (const e of a.events) arm(e);
    return {};
  },
  /**
   * Receipt times of an armed event (undefined: not received within the wait), and how many payloads have a
   * numeric `field`; `skew`: this process's wall clock minus its `now()` at the collect (times + skew = the wall clock);
   * `stepped`: how far the wall clock has moved against `now()` since this process started (a wall-clock step).
   */
  async collect(a: { event: string; timeoutMs: number; field?: string }) {
    await settle(a.event, a.timeoutMs);
    const slot = received.get(a.event);
    if (!slot) throw new Error(`${a.event} was not armed`);
    const times = slot.at.filter((t): t is number => t !== undefined);
    // `field` may name a nested one ("reveal.index": the reveal inside a player:result).
    const at = (p: unknown) => a.field!.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), p);
    const withField = a.field ? slot.payload.filter((p) => typeof at(p) === 'number').length : times.length;
    const skew = clockSkew();
    return { times, missing: sockets.length - times.length, withField, skew, stepped: skew - SKEW_AT_START };
  },
  /** The phones whose socket closed since the connect (global index and reason): the 100 of the lowest indexes, and how many. */
  drops: () => ({ count: drops.length, first: lowestDrops(drops, 100) }),
  /**
   * Every bot answers (bots whose global index is below `skip` do not), each after a random delay
   * within `spreadMs`. `kind`: cram → player:answer built from the question the bot received;
   * bare → an ack; lua → an ack after one Redis Lua call.
   */
  async answer(a: { kind: 'cram' | 'bare' | 'lua'; pin?: string; room?: string; index: number; spreadMs: number; skip?: number }) {
    const qs = received.get('game:question')?.payload ?? [];
    const event = a.kind === 'cram' ? 'player:answer' : a.kind === 'bare' ? 'answer' : 'answer-lua';
    return acked(
      event,
      (i) => {
        if (first + i < (a.skip ?? 0)) return undefined;
        if (a.kind !== 'cram') return { room: a.room, id: `b${first + i}`, index: a.index, answer: { type: 'single', option: 'A' } };
        const q = qs[i];
        return q ? { pin: a.pin, index: a.index, answer: answerFor(q as never, first + i) } : undefined;
      },
      () => Math.random() * a.spreadMs,
      true,
    );
  },
  seatRooms: (a: SeatArgs) => seatRooms(a),
  playRooms: (a: PlayArgs) => playRooms(a),
  async disconnect() {
    for (const s of sockets) s.disconnect();
    sockets = [];
    received.clear();
    await sleep(200);
    return {};
  },
});
