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
 * The takes of one limit made in one turn of the event loop, sent as one call at its end (setImmediate:
 * node-redis writes then too) — TAKE_BUDGETS, or TAKE_BUDGET for a take alone — with one reply for them all.
 * Each take keeps its own verdict (in order), deadline and fallback; a failed or malformed call fails every
 * take in it (each falls back on its own). At most MAX_BATCH takes a call: more in one turn go at once.
 *
 * Why: node-redis already writes a turn's commands together, but each take was its own command, script run,
 * reply and promise (session 24: 2,000 connects, 1,259 writes). Holding the connects' takes while a call was
 * out as well (one call at a time, so more shared a write) was tried in session 26 and made the seat slower:
 * each handshake waited a round trip more, and the batches stayed small (~2 takes a call) —
 * docs/performance-history.md.
 */
export class TakeBatcher {
  private keys: string[] = [];
  private points: number[] = [];
  private takes: BatchedTake[] = [];
  private scheduled: NodeJS.Immediate | undefined;

  constructor(
    private budget: SharedBudget,
    private max = MAX_BATCH,
  ) {}

  /** A take of `points` for `key` (one, unless limits.ts reports the points it took on its own). */
  add(key: string, take: BatchedTake, points = 1): void {
    this.keys.push(key);
    this.points.push(points);
    this.takes.push(take);
    if (this.keys.length >= this.max) this.send();
    else if (this.scheduled === undefined) this.scheduled = setImmediate(this.send);
  }

  /** Sends the takes waiting as one call. */
  private send = (): void => {
    if (this.scheduled !== undefined) clearImmediate(this.scheduled);
    this.scheduled = undefined;
    const keys = this.keys;
    const points = this.points;
    const takes = this.takes;
    if (keys.length === 0) return;
    this.keys = [];
    this.points = [];
    this.takes = [];
    if (takes.length === 1) {
      const t = takes[0];
      this.budget.take(keys[0], points[0]).then(
        (reply) => t.answered(reply),
        (err: unknown) => t.failed(err),
      );
      return;
    }
    this.budget.takeMany(keys, points).then(
      (replies) => {
        if (!Array.isArray(replies) || replies.length !== takes.length) {
          const err = new Error(`unexpected limiter reply: ${String(replies)}`);
          for (const t of takes) t.failed(err);
          return;
        }
        for (let i = 0; i < takes.length; i++) takes[i].answered(replies[i]);
      },
      (err: unknown) => {
        for (const t of takes) t.failed(err);
      },
    );
  };

  /** Takes waiting to be sent (tests). */
  get waiting(): number {
    return this.keys.length;
  }

  stop(): void {
    if (this.scheduled !== undefined) clearImmediate(this.scheduled);
    this.scheduled = undefined;
  }
}
