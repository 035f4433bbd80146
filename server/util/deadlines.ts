/**
 * The deadlines of calls in flight on one timer, not one each (the shared limits' takes, session 23; the Redis
 * store's calls, session 29): calls that share one deadline length expire in the order they were made, so a
 * queue in that order and one timer armed for the oldest call not yet answered is enough; the timer walks the
 * queue when it fires. A room of 2,000 phones joining within the deadline arms it a few times instead of 2,000
 * timers. One queue holds one deadline length: a call with a shorter deadline behind a longer one would wait.
 */

/** A call in flight, with its deadline. */
export interface Pending {
  /** When its deadline passes (ms, on the queue's clock). */
  readonly deadline: number;
  /** Answered, or decided otherwise: the deadline no longer applies. */
  done: boolean;
  /** Called once when the deadline passes first (`done` is set before). */
  expire(): void;
}

export class Deadlines {
  /** The calls in flight in the order sent, from `head` to `tail`; slots passed are emptied, and reused once all are. */
  private queue: (Pending | undefined)[] = [];
  private head = 0;
  private tail = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(readonly now: () => number = Date.now) {}

  add(p: Pending): void {
    this.queue[this.tail++] = p;
    // A timer left from calls all answered does not hold the process open (settled); a call in flight does.
    if (this.timer === undefined) this.arm(p.deadline);
    else this.timer.ref();
  }

  private arm(at: number): void {
    this.timer = setTimeout(this.fire, Math.max(1, at - this.now()));
  }

  private fire = (): void => {
    this.timer = undefined;
    const now = this.now();
    const q = this.queue;
    while (this.head < this.tail) {
      const p = q[this.head]!;
      if (!p.done) {
        if (p.deadline > now) break;
        p.done = true;
        p.expire();
      }
      q[this.head++] = undefined;
    }
    if (this.head === this.tail) return this.empty();
    if (this.head > 1024) {
      this.queue = q.slice(this.head, this.tail);
      this.tail -= this.head;
      this.head = 0;
    }
    if (this.timer === undefined) this.arm(this.queue[this.head]!.deadline);
  };

  /** None in flight: the slots are reused from the start (a queue grown past 1,024 is let go). */
  private empty(): void {
    if (this.tail > 1024) this.queue = [];
    this.head = this.tail = 0;
  }

  /**
   * A call was answered (marked done): drops the answered calls at the head of the queue, so they are not
   * held until the timer fires (replies come in the order sent: the answered one is nearly always the head).
   * With none left in flight, the timer stays armed (the next call reuses it) but no longer holds the
   * process open, as no timer did once every call's own was cleared.
   */
  settled(): void {
    const q = this.queue;
    while (this.head < this.tail && q[this.head]!.done) q[this.head++] = undefined;
    if (this.head === this.tail) {
      this.empty();
      this.timer?.unref();
    }
  }

  /** Calls in flight (answered ones behind an unanswered one included: tests). */
  get size(): number {
    return this.tail - this.head;
  }

  stop(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
