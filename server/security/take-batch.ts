/**
 * The shared budgets' takes (budget-redis.ts) batched per limit: few calls to Redis for many takes.
 */
import type { SharedBudget } from './budget-redis.js';

/** A take waiting in a batch: given its own reply, or the batch's failure. */
export interface BatchedTake {
  answered(reply: unknown): void;
  failed(err: unknown): void;
}

/** Takes in one call at most: a call of this many is well under a millisecond of Redis (a few commands each). */
export const MAX_BATCH = 256;

/**
 * The takes of one limit, sent as few calls as possible (TAKE_BUDGETS; a take alone as TAKE_BUDGET): the
 * takes made in one turn of the event loop go together at its end (setImmediate: node-redis writes then
 * too). With `releaseMs` (the connect limit), also one call out at a time: the takes made while it is out
 * wait for its reply and go together in the next call.
 *
 * Why: a room of phones connecting at once opened one take per socket, and node-redis wrote ~1.6 takes a
 * write (session 24: 2,000 connects, 1,259 writes; a loopback write and its reply's read cost ~50–60 µs of
 * the server's CPU each, 113 ms of node-redis's 157 ms in session 26's connect profile). Handshakes trickle
 * in a few a turn, so only holding them for the call out puts many in one write. Joins come as one burst,
 * many a turn, already one write a turn: holding them behind the call out added a round trip to each join
 * and cost more join CPU than it saved (session 26, docs/performance-history.md), so they only share turns.
 *
 * Nothing waits for ever: a call not answered within `releaseMs` (the limiter's deadline, by which its takes
 * have fallen back to memory) no longer holds the next one back, nor do more than MAX_BATCH waiting takes;
 * a failed call fails every take in it (each falls back on its own), and the waiting ones go on.
 */
export class TakeBatcher {
  private keys: string[] = [];
  private takes: BatchedTake[] = [];
  private scheduled: NodeJS.Immediate | undefined;
  private released: NodeJS.Timeout | undefined;
  /** The call out (its number), 0 when none: a reply of an earlier call, released already, changes nothing. */
  private out = 0;
  private calls = 0;

  /**
   * `releaseMs`: one call out at a time, held back at most this long (the connect limit); undefined: the
   * takes of each turn go at its end whatever is out (joins, rooms created, failed look-ups).
   */
  constructor(
    private budget: SharedBudget,
    private releaseMs?: number,
    private max = MAX_BATCH,
  ) {}

  add(key: string, take: BatchedTake): void {
    this.keys.push(key);
    this.takes.push(take);
    if (this.keys.length >= this.max) this.send();
    else if (this.out === 0 && this.scheduled === undefined) this.scheduled = setImmediate(this.send);
  }

  /** Sends the takes waiting as one call. */
  private send = (): void => {
    if (this.scheduled !== undefined) clearImmediate(this.scheduled);
    this.scheduled = undefined;
    const keys = this.keys;
    const takes = this.takes;
    if (keys.length === 0) return;
    this.keys = [];
    this.takes = [];
    let call = 0;
    if (this.releaseMs !== undefined) {
      call = this.out = ++this.calls;
      if (this.released !== undefined) clearTimeout(this.released);
      this.released = setTimeout(() => this.answered(call), this.releaseMs).unref();
    }
    if (takes.length === 1) {
      const t = takes[0];
      this.budget.take(keys[0]).then(
        (reply) => {
          this.answered(call);
          t.answered(reply);
        },
        (err: unknown) => {
          this.answered(call);
          t.failed(err);
        },
      );
      return;
    }
    this.budget.takeMany(keys).then(
      (replies) => {
        this.answered(call);
        if (!Array.isArray(replies) || replies.length !== takes.length) {
          const err = new Error(`unexpected limiter reply: ${String(replies)}`);
          for (const t of takes) t.failed(err);
          return;
        }
        for (let i = 0; i < takes.length; i++) takes[i].answered(replies[i]);
      },
      (err: unknown) => {
        this.answered(call);
        for (const t of takes) t.failed(err);
      },
    );
  };

  /** The call out was answered, failed or is past `releaseMs`: the takes waiting go (at this turn's end). */
  private answered(call: number): void {
    if (call === 0 || call !== this.out) return;
    if (this.released !== undefined) clearTimeout(this.released);
    this.released = undefined;
    this.out = 0;
    if (this.keys.length > 0 && this.scheduled === undefined) this.scheduled = setImmediate(this.send);
  }

  /** Takes waiting to be sent (tests). */
  get waiting(): number {
    return this.keys.length;
  }

  stop(): void {
    if (this.scheduled !== undefined) clearImmediate(this.scheduled);
    if (this.released !== undefined) clearTimeout(this.released);
    this.scheduled = this.released = undefined;
  }
}
