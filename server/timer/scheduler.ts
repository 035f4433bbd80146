/**
 * The room clock. Turns question deadlines into engine events: a local timer
 * per room fires at the deadline, and a periodic sweep over the store's due
 * rooms backs it up (a timer lost to a restart, or a room whose clock-holding
 * process died). Firing twice is harmless: closing is a compare-and-set.
 */
export interface SchedulerTarget {
  onDeadline(pin: string, index: number): Promise<void>;
  dueRooms(now: number): Promise<string[]>;
  onDue(pin: string): Promise<void>;
}

export class Scheduler {
  private timers = new Map<string, NodeJS.Timeout>();
  private sweepTimer?: NodeJS.Timeout;
  private sweeping = false;

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
      this.target.onDeadline(pin, index).catch((err) => this.log.warn({ err, pin }, 'deadline handling failed'));
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
      for (const pin of due) await this.target.onDue(pin).catch((err) => this.log.warn({ err, pin }, 'sweep failed'));
    } catch (err) {
      this.log.warn({ err }, 'sweep could not read due rooms');
    } finally {
      this.sweeping = false;
    }
  }

  stop(): void {
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }
}
