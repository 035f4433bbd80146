/**
 * Where an answer's ack time goes. The bots time each ack from just before the emit to the moment their
 * code sees the ack; that span holds three parts, told apart by joining the two sides' records of the same
 * ack (the engine.io socket id and the Socket.IO ack id; `now()` in bench/phone.ts is one clock for every
 * process on the machine):
 *   - to the server: the bot's write, the kernel, and the wait until the server's event loop reads the frame
 *     (a GC pause, a long task or a server that is off its core all land here);
 *   - in the server: from the server reading the answer frame (engine.io's `packet`) to writing its ack
 *     frame (`packetCreate`) — the handler, the store, and whatever runs between;
 *   - to the bot: the kernel, and the wait until the bot process's event loop reads the ack frame and its
 *     callback runs (the load generator's own delay: it shares the 2 cores and runs 4,500 sockets each).
 */
import { pct } from './report.js';

/** One ack as the bot saw it: sent, its frame read by engine.io-client, and its callback run (all `now()`). */
export interface BotAck {
  key: string;
  /** The bot process (its index in the fleet), set when the acks of every bot are put together. */
  bot?: number;
  sentAt: number;
  /** When the bot's engine.io read the ack frame (undefined if not seen). */
  readAt?: number;
  doneAt: number;
}

/** One ack as the server saw it: the answer frame read, the ack frame written (`now()`). */
export interface ServerAck {
  key: string;
  rxAt: number;
  txAt: number;
}

/** An ack's key: the engine.io socket id (the same on both sides) and the Socket.IO ack id. */
export const ackKey = (sid: string, ackId: number): string => `${sid}:${ackId}`;

/**
 * The ack id of an incoming Socket.IO event frame of `event` ("2<id>[\"event\",…]" on the main namespace),
 * or undefined if the frame is another event or carries no ack id.
 */
export function incomingAckId(data: string, event: string): number | undefined {
  if (data.charCodeAt(0) !== 50 /* '2' */) return undefined;
  const open = data.indexOf('[');
  if (open <= 1 || !data.startsWith(`"${event}"`, open + 1)) return undefined;
  const id = Number(data.slice(1, open));
  return Number.isInteger(id) ? id : undefined;
}

/** The ack id of an outgoing Socket.IO ack frame ("3<id>[…]"), or undefined if it is not an ack. */
export function outgoingAckId(data: string): number | undefined {
  if (data.charCodeAt(0) !== 51 /* '3' */) return undefined;
  const open = data.indexOf('[');
  if (open <= 1) return undefined;
  const id = Number(data.slice(1, open));
  return Number.isInteger(id) ? id : undefined;
}

/**
 * The events whose acks the bench servers time: Cram Night's answer, and the bare baseline's ack and ack
 * after one Redis Lua call (S2 splits the baseline's acks the same way as Cram Night's).
 */
export const TIMED_EVENTS = ['player:answer', 'answer', 'answer-lua'] as const;

/**
 * The server's side, fed by the bench server's per-frame listeners: answer frames in, ack frames out, per
 * engine.io socket. A Map per socket and two numbers per ack; what it keeps is cleared at each reset.
 */
export function serverAckClock(events: readonly string[] = TIMED_EVENTS) {
  let done: ServerAck[] = [];
  return {
    /** Per connection: the listeners' two halves. */
    conn(sid: string) {
      const pending = new Map<number, number>();
      return {
        in(data: unknown, at: number): void {
          if (typeof data !== 'string') return;
          for (const event of events) {
            const id = incomingAckId(data, event);
            if (id !== undefined) return void pending.set(id, at);
          }
        },
        out(data: string, at: number): void {
          const id = outgoingAckId(data);
          if (id === undefined) return;
          const rx = pending.get(id);
          if (rx === undefined) return;
          pending.delete(id);
          done.push({ key: ackKey(sid, id), rxAt: rx, txAt: at });
        },
      };
    },
    reset(): void {
      done = [];
    },
    read(): ServerAck[] {
      return done;
    },
  };
}

/** One ack split into its parts (ms). */
export interface Split {
  key: string;
  bot?: number;
  sentAt: number;
  total: number;
  toServer: number;
  inServer: number;
  toBot: number;
  /** Of toBot: from the bot's engine.io reading the frame to the callback (the bot's own promise chain). */
  inBot?: number;
}

/** Joins the bots' acks with the server's; acks one side has not seen are counted, not split. */
export function joinAcks(bot: BotAck[], server: ServerAck[]): { splits: Split[]; unmatched: number } {
  const byKey = new Map(server.map((s) => [s.key, s]));
  const splits: Split[] = [];
  let unmatched = 0;
  for (const b of bot) {
    const s = byKey.get(b.key);
    if (!s) {
      unmatched++;
      continue;
    }
    splits.push({
      key: b.key,
      ...(b.bot !== undefined ? { bot: b.bot } : {}),
      sentAt: b.sentAt,
      total: b.doneAt - b.sentAt,
      toServer: s.rxAt - b.sentAt,
      inServer: s.txAt - s.rxAt,
      toBot: b.doneAt - s.txAt,
      ...(b.readAt !== undefined ? { inBot: b.doneAt - b.readAt } : {}),
    });
  }
  return { splits, unmatched };
}

export interface SplitSummary {
  acks: number;
  unmatched: number;
  /** p99 of each part on its own (they do not add up: different acks are slow in different parts). */
  p99: { total: number; toServer: number; inServer: number; toBot: number };
  /** The slowest 1 % of acks (total ≥ its p99): the median of each part, and each part's share of their summed time. */
  tail: { count: number; threshold: number; median: { total: number; toServer: number; inServer: number; toBot: number }; share: { toServer: number; inServer: number; toBot: number } };
}

export function summarize(splits: Split[], unmatched: number): SplitSummary {
  const col = (xs: Split[], f: (s: Split) => number) => xs.map(f);
  const threshold = pct(col(splits, (s) => s.total), 99);
  const tail = splits.filter((s) => s.total >= threshold);
  const sum = (f: (s: Split) => number) => tail.reduce((a, s) => a + f(s), 0);
  const all = Math.max(1e-9, sum((s) => s.toServer) + sum((s) => s.inServer) + sum((s) => s.toBot));
  return {
    acks: splits.length,
    unmatched,
    p99: { total: threshold, toServer: pct(col(splits, (s) => s.toServer), 99), inServer: pct(col(splits, (s) => s.inServer), 99), toBot: pct(col(splits, (s) => s.toBot), 99) },
    tail: {
      count: tail.length,
      threshold,
      median: { total: pct(col(tail, (s) => s.total), 50), toServer: pct(col(tail, (s) => s.toServer), 50), inServer: pct(col(tail, (s) => s.inServer), 50), toBot: pct(col(tail, (s) => s.toBot), 50) },
      share: { toServer: sum((s) => s.toServer) / all, inServer: sum((s) => s.inServer) / all, toBot: sum((s) => s.toBot) / all },
    },
  };
}
