/** The bench's bot processes as one fleet: each call is split over them and their answers merged. */
import type { BotAck } from './ack-split.js';
import { spawnChild, type Proc } from './ipc.js';
import type { ProcStats } from './proc-stats.js';

export interface Acked {
  lat: number[];
  refused: Record<string, number>;
  ok: number;
  wallMs: number;
  /** Answers only: each ack's key and times on the bot's side (bench/ack-split.ts), with its bot process. */
  acks?: BotAck[];
}

function merge(parts: Acked[]): Acked {
  const refused: Record<string, number> = {};
  for (const p of parts) for (const [k, v] of Object.entries(p.refused)) refused[k] = (refused[k] ?? 0) + v;
  const acks = parts.every((p) => p.acks) ? parts.flatMap((p, b) => p.acks!.map((a) => ({ ...a, bot: b }))) : undefined;
  return { lat: parts.flatMap((p) => p.lat), refused, ok: parts.reduce((a, p) => a + p.ok, 0), wallMs: Math.max(...parts.map((p) => p.wallMs)), ...(acks && { acks }) };
}

/** One bot process's collect (bench/bot.ts): receipt times on its `now()`, and its wall clock minus `now()`. */
export interface CollectedPart {
  times: number[];
  missing: number;
  withField: number;
  skew: number;
  stepped: number;
}
export interface Collected {
  /** Receipt times on the bots' `now()` (the machine's monotonic clock): comparable with the bench's and the servers' `now()`. */
  times: number[];
  /** The same receipts on the wall clock (each bot's times plus its skew): comparable with a server's Date.now(), e.g. a deadline. */
  wall: number[];
  missing: number;
  withField: number;
  /** Each bot process's wall clock minus its `now()` (ms), in bot order. */
  skews: number[];
  /** Each bot process's wall-clock step since it started (ms; ~0 without one), in bot order. */
  steps: number[];
}

/** The bot processes' collects as one. */
export function mergeCollected(parts: CollectedPart[]): Collected {
  return {
    times: parts.flatMap((p) => p.times),
    wall: parts.flatMap((p) => p.times.map((t) => t + p.skew)),
    missing: parts.reduce((a, p) => a + p.missing, 0),
    withField: parts.reduce((a, p) => a + p.withField, 0),
    skews: parts.map((p) => p.skew),
    steps: parts.map((p) => p.stepped),
  };
}

export class Fleet {
  private constructor(readonly bots: Proc[]) {}

  static async start(n: number): Promise<Fleet> {
    return new Fleet(await Promise.all(Array.from({ length: n }, (_, i) => spawnChild(`bots-${i}`, 'bench/bot.ts', []))));
  }

  /** Bot process b's share of n phones: [count, first global index]. */
  private share(n: number, b: number): [number, number] {
    const per = Math.ceil(n / this.bots.length);
    const first = Math.min(n, b * per);
    return [Math.min(per, n - first), first];
  }

  async connect(urls: string[], n: number, offset = 0): Promise<{ wallMs: number; lat: number[] }> {
    const parts = await Promise.all(
      this.bots.map((p, b) => {
        const [count, first] = this.share(n, b);
        return p.call<{ wallMs: number; lat: number[] }>('connect', { urls, count, first: offset + first }, 300_000);
      }),
    );
    return { wallMs: Math.max(...parts.map((p) => p.wallMs)), lat: parts.flatMap((p) => p.lat) };
  }

  async join(args: { pin?: string; room?: string }): Promise<Acked> {
    return merge(await Promise.all(this.bots.map((p) => p.call<Acked>('join', args, 300_000))));
  }

  async arm(events: string[]): Promise<void> {
    await Promise.all(this.bots.map((p) => p.call('arm', { events })));
  }

  async collect(event: string, timeoutMs: number, field?: string): Promise<Collected> {
    return mergeCollected(await Promise.all(this.bots.map((p) => p.call<CollectedPart>('collect', { event, timeoutMs, field }, timeoutMs + 30_000))));
  }

  /** The phones whose socket the server or the network closed since the connect (bench/bot.ts `drops`). */
  async drops(): Promise<{ count: number; first: { g: number; reason: string }[] }> {
    const parts = await Promise.all(this.bots.map((p) => p.call<{ count: number; first: { g: number; reason: string }[] }>('drops')));
    return { count: parts.reduce((a, p) => a + p.count, 0), first: parts.flatMap((p) => p.first) };
  }

  async answer(args: { kind: 'cram' | 'bare' | 'lua'; pin?: string; room?: string; index: number; spreadMs: number; skip?: number }): Promise<Acked> {
    return merge(await Promise.all(this.bots.map((p) => p.call<Acked>('answer', args, 300_000))));
  }

  async disconnect(): Promise<void> {
    await Promise.all(this.bots.map((p) => p.call('disconnect')));
  }

  /** Starts a measuring window in every bot process (event-loop delay, CPU). */
  async statsReset(): Promise<void> {
    await Promise.all(this.bots.map((p) => p.call('statsReset')));
  }

  /**
   * The window's figures of the load generator, beside the server's: event-loop delay and CPU share of the
   * worst bot process (its phones read acks and frames that late), CPU time of all of them.
   */
  async statsRead(): Promise<ProcStats> {
    const all = await Promise.all(this.bots.map((p) => p.call<ProcStats>('statsRead')));
    const max = (f: (s: ProcStats) => number) => Math.max(...all.map(f));
    return { eldP50: max((s) => s.eldP50), eldP99: max((s) => s.eldP99), eldMax: max((s) => s.eldMax), cpuMs: all.reduce((a, s) => a + s.cpuMs, 0), wallMs: max((s) => s.wallMs), cpuShare: max((s) => s.cpuShare), gcCount: max((s) => s.gcCount), gcMs: max((s) => s.gcMs), gcP99: max((s) => s.gcP99), gcMax: max((s) => s.gcMax), ...(all.every((s) => s.waitingMs !== undefined) ? { waitingMs: max((s) => s.waitingMs!) } : {}) };
  }

  async stop(): Promise<void> {
    await Promise.all(this.bots.map((p) => p.stop()));
  }
}
