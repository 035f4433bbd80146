/**
 * One room's transition per event-loop turn. A room moving on (a question's close and its results, the
 * leaderboard, the next question) writes a frame to every phone of the room; when several rooms move on at
 * once — their hosts' commands read in the same poll phase, their store replies read together, their
 * deadline timers due in the same tick — doing them all in one go keeps the poll phase from reading the
 * answers that arrived meanwhile, and every one of those answers' acks waits for all the rooms.
 *
 * `next()` resolves in a turn of the event loop of its own: waiters are let through one at a time, each
 * from a `setImmediate` set only after the previous one ran, so the loop polls for I/O (reads answers,
 * writes their acks) between any two of them. What the waiter runs synchronously after its `await` (until
 * its next real wait) is its turn. When nothing waits, a waiter runs in the current iteration's check phase.
 *
 * Two lines: a transition that has done its store work and waits to write its frames (`'write'`) goes before
 * one that waits to start (`'start'`: a deadline timer), so rooms finish in the order they started rather
 * than all starting before any finishes. Within a line, first come first served: a room's own transitions
 * keep their order.
 */
export type TurnLine = 'write' | 'start';

export class TurnQueue {
  private readonly lines: Record<TurnLine, (() => void)[]> = { write: [], start: [] };
  private scheduled = false;

  /** Resolves in a turn of its own (see above). */
  next(line: TurnLine = 'write'): Promise<void> {
    return new Promise((resolve) => {
      this.lines[line].push(resolve);
      this.arm();
    });
  }

  /** Waiters not yet let through. */
  get waiting(): number {
    return this.lines.write.length + this.lines.start.length;
  }

  private arm(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(this.release);
  }

  /**
   * Lets one waiter through. Its continuation runs in the microtask queue Node drains right after this
   * callback; the next waiter's immediate, set here, runs in the loop's next iteration (an immediate set
   * while immediates run waits for the next check phase), after a poll phase.
   */
  private readonly release = (): void => {
    this.scheduled = false;
    const resolve = this.lines.write.shift() ?? this.lines.start.shift();
    if (this.waiting > 0) this.arm();
    resolve?.();
  };
}
