/**
 * Watches this process's store and tells this process's sockets when it is
 * lost or back (`server:status`), so phones show "Reconnecting…" rather than a
 * frozen screen during a Redis outage. Every process runs one and emits only
 * to its own sockets (io.local): each process knows its own connection best,
 * and a broadcast through the Redis adapter could not travel during an outage.
 * 'ok' means the store answers and every extra check passes (with Redis: the
 * adapter's connections are up too, so broadcasts of other processes arrive).
 *
 * 'unavailable' is told only after `failuresToTell` failed checks in a row (2 by default, ~2 s): an
 * overloaded process whose event loop ran late for a second times its own ping out, and flipping the
 * status then sent `server:status` twice to every socket — 18,600 frames in 2 s to 9,300 phones in the
 * bench (docs/performance-history.md, session 24, S4) — which made the stall worse. 'ok' is told at the first
 * check that passes.
 */
import type { ServerStatus } from '../../shared/protocol.js';
import type { RoomStore } from '../store/types.js';
import type { GameSocket, IO } from './types.js';

export class HealthWatch {
  private status: ServerStatus['store'] = 'ok';
  private timer?: NodeJS.Timeout;
  private checking = false;
  /** Failed checks in a row. */
  private failures = 0;

  constructor(
    private io: IO,
    private store: RoomStore,
    private log: { warn: (o: object, m: string) => void; info: (o: object, m: string) => void },
    /** Other dependencies: each returns why it is down, or null. */
    private checks: (() => string | null)[] = [],
    private intervalMs = 1000,
    private failuresToTell = 2,
  ) {}

  get current(): ServerStatus['store'] {
    return this.status;
  }

  start(): void {
    this.timer = setInterval(() => void this.check(), this.intervalMs);
    this.timer.unref();
  }

  /** A socket that connects during an outage learns of it at once. */
  greet(socket: GameSocket): void {
    if (this.status !== 'ok') socket.emit('server:status', { store: this.status });
  }

  /** One ping (store.ping() has its own short timeout); emits only when the status flips (see the header). */
  async check(): Promise<void> {
    if (this.checking) return;
    this.checking = true;
    try {
      const ok = (await this.store.ping().catch(() => false)) && this.checks.every((c) => c() === null);
      this.failures = ok ? 0 : this.failures + 1;
      if (!ok && this.failures < this.failuresToTell) return;
      const next: ServerStatus['store'] = ok ? 'ok' : 'unavailable';
      if (next === this.status) return;
      this.status = next;
      if (ok) this.log.info({}, 'store is back: play resumes');
      else this.log.warn({}, 'store is unreachable: telling clients to wait');
      this.io.local.emit('server:status', { store: next });
    } finally {
      this.checking = false;
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
