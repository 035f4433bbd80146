/**
 * The Prometheus metrics of one app (its own Registry, so several apps in one process — tests — do
 * not share figures). `/metrics` (plugins/metrics.ts) serves them. The hot path (every ack, every
 * store call) builds no label objects: it writes to label children cached here; the ack and store timings
 * go to bucketed histograms of our own (histogram.ts: counted into their bucket as they come), and the
 * ack/answer counters are counted as plain numbers that reach prom-client when Prometheus scrapes
 * (BufferedInc); room and socket gauges are read when Prometheus scrapes.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { LabelledHistogram } from './histogram.js';

/** The Metrics of each Socket.IO server, for gateway/ack.ts (set by the metrics plugin). */
export const metricsOf = new WeakMap<object, Metrics>();

type Observe = { observe(v: number): void };
type Inc = { inc(v?: number): void };

/** A counter child counted as a plain number and added to prom-client at scrape time (through `collect`). */
class BufferedInc {
  private n = 0;
  constructor(private readonly child: Inc) {}
  inc(): void {
    this.n++;
  }
  drain(): void {
    if (this.n > 0) this.child.inc(this.n);
    this.n = 0;
  }
}

/** Label children cached by key, created on first use. */
function cached<T>(make: (key: string) => T): (key: string) => T {
  const m = new Map<string, T>();
  return (key) => {
    let v = m.get(key);
    if (v === undefined) m.set(key, (v = make(key)));
    return v;
  };
}

export interface RoomFigures {
  /** Rooms whose host is connected to this process, by phase. */
  roomsByPhase(): Promise<Record<string, number>>;
  /** Sockets connected to this process, by role (player, host, other). */
  socketsByRole(): Record<string, number>;
}

export class Metrics {
  readonly registry = new Registry();
  private inflight = 0;
  private idleWaiters: (() => void)[] = [];

  private readonly ackSeconds = new LabelledHistogram(
    'cram_ack_duration_seconds',
    'Time from receiving a client event to sending its acknowledgement, by event',
    'event',
    [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    this.registry,
  );
  private readonly acks = new Counter({
    name: 'cram_acks_total',
    help: 'Acknowledgements sent, by event and code (OK, or the error code)',
    labelNames: ['event', 'code'],
    registers: [this.registry],
    collect: () => this.drain(),
  });
  private readonly answers = new Counter({
    name: 'cram_answers_total',
    help: 'player:answer events: accepted (code OK) or refused (by error code)',
    labelNames: ['result', 'code'],
    registers: [this.registry],
    collect: () => this.drain(),
  });
  private readonly broadcastRecipients = new Histogram({
    name: 'cram_broadcast_recipients',
    help: 'Sockets on this process reached by one emit to a room or channel, by event',
    labelNames: ['event'],
    buckets: [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000],
    registers: [this.registry],
  });
  private readonly storeSeconds = new LabelledHistogram(
    'cram_store_operation_duration_seconds',
    'Time of one room-store operation (a Redis command or script with the Redis store), by operation',
    'op',
    [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
    this.registry,
  );
  private readonly storeErrors = new Counter({
    name: 'cram_store_errors_total',
    help: 'Room-store operations that failed, by operation and kind (unavailable: Redis unreachable or timed out; error: anything else)',
    labelNames: ['op', 'kind'],
    registers: [this.registry],
  });
  private readonly redisConnectionErrors = new Counter({
    name: 'cram_redis_connection_lost_total',
    help: 'Redis connections lost (counted once per outage), by client (store, adapter)',
    labelNames: ['client'],
    registers: [this.registry],
  });

  /** Every buffered counter child, drained into prom-client when any of their metrics is collected. */
  private readonly buffered: BufferedInc[] = [];
  private readonly keep = (b: BufferedInc): BufferedInc => (this.buffered.push(b), b);
  private readonly ackChild = cached((event) => this.ackSeconds.labels(event));
  private readonly ackCode = cached((event) => cached((code) => this.keep(new BufferedInc(this.acks.labels(event, code) as Inc))));
  private readonly answerCode = cached((code) => this.keep(new BufferedInc(this.answers.labels(code === 'OK' ? 'accepted' : 'refused', code) as Inc)));
  private readonly broadcastChild = cached((event) => this.broadcastRecipients.labels(event) as Observe);
  private readonly storeChild = cached((op) => this.storeSeconds.labels(op));

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** Hands the buffered counts to prom-client (at scrape time, through `collect`). */
  private drain(): void {
    for (const b of this.buffered) b.drain();
  }

  /** Adds the gauges read at scrape time (the metrics plugin calls it once Socket.IO and the store exist). */
  watch(figures: RoomFigures): void {
    new Gauge({
      name: 'cram_rooms',
      help: 'Rooms whose host is connected to this process, by phase (sum over processes: every room with a host online)',
      labelNames: ['phase'],
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const [phase, n] of Object.entries(await figures.roomsByPhase())) this.set({ phase }, n);
      },
    });
    new Gauge({
      name: 'cram_connected_sockets',
      help: 'Sockets connected to this process, by role (player: joined a game; host; other: not joined yet)',
      labelNames: ['role'],
      registers: [this.registry],
      collect() {
        this.reset();
        for (const [role, n] of Object.entries(figures.socketsByRole())) this.set({ role }, n);
      },
    });
  }

  /** A client event arrived; returns its start time for ackSent. */
  ackStarted(): number {
    this.inflight++;
    return performance.now();
  }

  /** Its acknowledgement went out with `code` ('OK' or the error code). */
  ackSent(event: string, code: string, startedAt: number): void {
    this.ackChild(event).observe((performance.now() - startedAt) / 1000);
    this.ackCode(event)(code).inc();
    if (event === 'player:answer') this.answerCode(code).inc();
    if (--this.inflight === 0 && this.idleWaiters.length > 0) for (const w of this.idleWaiters.splice(0)) w();
  }

  /** Resolves once no event is being handled, or after `timeoutMs`. */
  idle(timeoutMs: number): Promise<void> {
    if (this.inflight === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.idleWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  broadcast(event: string, recipients: number): void {
    this.broadcastChild(event).observe(recipients);
  }

  storeOp(op: string, startedAt: number, error?: 'unavailable' | 'error'): void {
    this.storeChild(op).observe((performance.now() - startedAt) / 1000);
    if (error) this.storeErrors.labels(op, error).inc();
  }

  redisConnectionError(client: 'store' | 'adapter'): void {
    this.redisConnectionErrors.labels(client).inc();
  }
}
