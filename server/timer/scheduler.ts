/**
 * The room clock. Turns question deadlines into engine events: a local timer
 * per room fires at the deadline, and a periodic sweep over the store's due
 * rooms backs it up (a timer lost to a restart, or a room whose clock-holding
 * process died). Firing twice is harmless: closing is a compare-and-set.
 * Errors never stop the clock: while the store is unreachable the sweep keeps
 * trying (warning once per outage), and catches up on every deadline that
 * passed meanwhile as soon as the store answers again.
 */
import { StoreUnavailableError } from '../store/types.js';

export interface SchedulerTarget {
  onDeadline(pin: string, index: number): Promise<void>;
  dueRooms(now: number): Promise<string[]>;
  onDue(pin: string): Promise<void>;
}

export class Scheduler {
  private timers = new Map<string, NodeJS.Timeout>();
  private sweepTimer?: NodeJS.Timeout;
  private sweeping = false;
  /** Set while the store is unreachable, so an outage is logged once, not twice a second. */
  private storeDown = false;

  constructor(
    private target: SchedulerTarget,
    private log: { warn: (o: object, m: string) => void },
    private sweepMs = 500,
  ) {}

  start(): void {
    this.sweepTimer = setInterval(() => void this.sweep(), this.sweepMs);
    this.sweepTimer.unref();
  }

  schedule(pin: string, index: number, at: number): void {
    this.cancel(pin);
    const t = setTimeout(() => {
      this.timers.delete(pin);
      this.target.onDeadline(pin, index).catch((err) => this.warn(err, { pin }, 'deadline handling failed'));
    }, Math.max(0, at - Date.now()));
    t.unref();
    this.timers.set(pin, t);
  }

  cancel(pin: string): void {
    const t = this.timers.get(pin);
    if (t) clearTimeout(t);
    this.timers.delete(pin);
  }

  async sweep(): Promise<void> {
    if (this.sweeping) return;
    this.sweeping = true;
    try {
      const due = await this.target.dueRooms(Date.now());
      this.storeDown = false;
      for (const pin of due) await this.target.onDue(pin).catch((err) => this.warn(err, { pin }, 'sweep failed'));
    } catch (err) {
      this.warn(err, {}, 'sweep could not read due rooms');
    } finally {
      this.sweeping = false;
    }
  }

  private warn(err: unknown, ctx: object, msg: string): void {
    const unavailable = err instanceof StoreUnavailableError;
    if (!unavailable || !this.storeDown) this.log.warn({ err, ...ctx }, msg);
    if (unavailable) this.storeDown = true;
  }

  stop(): void {
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }
}
