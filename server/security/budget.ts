/**
 * The per-address budgets (limits.ts) kept in this process's memory: for each key, a steady fixed-window
 * rate and an optional burst budget drawn on only when the steady one is spent (settings.ts `RateSpec`).
 *
 * Written by hand, not rate-limiter-flexible (which the limits used until session 23), because the
 * library's memory limiter costs most where a seat is made: it keeps a record and arms a `setTimeout`
 * (unref'd) per new key to delete it a window later, and answers every consume with a promise (two, with
 * its BurstyRateLimiter). A room of 2,000 phones opens 2,000 new keys at connect and 2,000 at join: in the
 * session 22 profiles the 2,000 timers alone cost 9–12 ms of a cold seat, and the records and timers lived
 * a minute and were promoted by the GC. Here a key is one small record with both windows' counters, a
 * consume is a synchronous verdict with no timer and no promise, and dead records are dropped lazily.
 *
 * Semantics, as rate-limiter-flexible's RateLimiterMemory + BurstyRateLimiter (tests/security/budget*.test.ts):
 * - a window starts with the first point taken after the previous one ended, and lasts its whole length
 *   (a fixed window, not sliding); every take counts, refused ones too (they change no verdict);
 * - the burst is taken from only when the steady window's points are spent, and its window starts with
 *   the first point drawn from it;
 * - a refusal carries the time until either window ends (the shorter): retryAfterSec = max(1, ceil(ms / 1000)).
 *
 * Bounded: a record is dead once both its windows have ended (dropping it changes no verdict). New keys
 * trigger a sweep of dead records at most once per `sweepMs`, and a map of `maxKeys` records, full of live
 * ones, takes no new record: every key it does not hold then shares one overflow record (the budget of
 * one key). The choice: a flood of new keys can never push out (and so reset) a budget in use — which
 * would let a flood that cycles through more keys than the cap start each key afresh — and the keys it
 * brings in while the map is full are held to one key's budget between them. The cost falls on new
 * addresses during such a flood (they share that budget until records die), never on those already held.
 */
import type { Rate, RateSpec } from './settings.js';

export type Verdict = { ok: true } | { ok: false; retryAfterSec: number };

export const TAKEN: Verdict = Object.freeze({ ok: true });

/** A refusal with `ms` to wait: whole seconds, at least one (as rate-limiter-flexible's msBeforeNext was rounded). */
export function refusedFor(ms: number): Verdict {
  return { ok: false, retryAfterSec: Math.max(1, Math.ceil(ms / 1000)) };
}

/** One key's two windows: when each ends (ms) and how many points were taken in it. */
class Entry {
  constructor(
    public steadyEnd: number,
    public steadyUsed: number,
    public burstEnd: number,
    public burstUsed: number,
  ) {}
}

export interface MemoryBudgetOptions {
  /** Records held at most (live ones); beyond, unknown keys share one overflow record. */
  maxKeys?: number;
  /** Dead records are swept on a new key at most this often (ms); default: the steady window. */
  sweepMs?: number;
}

export const DEFAULT_MAX_KEYS = 100_000;

/** The key the overflow record is held under (not a client address: addresses have no spaces). */
const OVERFLOW = ' overflow';

/** One limit's budgets in memory, by key. `now` is passed in (ms): the caller's clock, once per event. */
export class MemoryBudget {
  private entries = new Map<string, Entry>();
  private readonly steadyPoints: number;
  private readonly steadyMs: number;
  private readonly burstPoints: number;
  private readonly burstMs: number;
  private readonly maxKeys: number;
  private readonly sweepMs: number;
  private nextSweep = 0;
  private lastSweep = -Infinity;
  /**
   * The points taken for the last take's key in its steady window so far, that take and refused ones
   * included (limits.ts shares a key's takes through Redis once this passes the key's share threshold).
   */
  lastCount = 0;

  constructor(spec: RateSpec, opts: MemoryBudgetOptions = {}) {
    this.steadyPoints = spec.steady.points;
    this.steadyMs = windowMs(spec.steady);
    this.burstPoints = spec.burst ? spec.burst.points : 0;
    this.burstMs = spec.burst ? windowMs(spec.burst) : 0;
    this.maxKeys = opts.maxKeys ?? DEFAULT_MAX_KEYS;
    this.sweepMs = opts.sweepMs ?? this.steadyMs;
  }

  /** Takes one point for `key` at `now`: TAKEN, or a refusal with the seconds to wait. */
  take(key: string, now: number): Verdict {
    let e = this.entries.get(key);
    if (e === undefined) {
      e = this.add(key, now);
      if (e === undefined) {
        this.lastCount = 1;
        return TAKEN;
      }
    }
    if (e.steadyEnd <= now) {
      e.steadyEnd = now + this.steadyMs;
      e.steadyUsed = 0;
    }
    this.lastCount = ++e.steadyUsed;
    if (e.steadyUsed <= this.steadyPoints) return TAKEN;
    if (this.burstMs === 0) return refusedFor(e.steadyEnd - now);
    if (e.burstEnd <= now) {
      e.burstEnd = now + this.burstMs;
      e.burstUsed = 0;
    }
    if (++e.burstUsed <= this.burstPoints) return TAKEN;
    return refusedFor(Math.min(e.steadyEnd, e.burstEnd) - now);
  }

  /**
   * A record for a key not held: a new one (its first point taken here, the common case of a new phone:
   * undefined is returned for TAKEN), or the overflow record when the map is full of live records.
   */
  private add(key: string, now: number): Entry | undefined {
    const full = this.entries.size >= this.maxKeys;
    // Full: sweep again at most ten times a window (a flood of new keys must not buy a full walk each).
    if (now >= this.nextSweep || (full && now >= this.lastSweep + this.sweepMs / 10)) this.sweep(now);
    if (this.entries.size >= this.maxKeys) {
      let o = this.entries.get(OVERFLOW);
      if (o === undefined) this.entries.set(OVERFLOW, (o = new Entry(0, 0, 0, 0)));
      return o;
    }
    if (this.steadyPoints >= 1) {
      this.entries.set(key, new Entry(now + this.steadyMs, 1, 0, 0));
      return undefined;
    }
    const e = new Entry(0, 0, 0, 0);
    this.entries.set(key, e);
    return e;
  }

  /**
   * Drops every record whose windows have both ended (no verdict changes). Run on a new key at most once
   * per `sweepMs` (while the map is full, at most ten times as often): no timer per key, and none at all
   * while no new keys come.
   */
  sweep(now: number): void {
    this.lastSweep = now;
    this.nextSweep = now + this.sweepMs;
    for (const [k, e] of this.entries) if (e.steadyEnd <= now && e.burstEnd <= now) this.entries.delete(k);
  }

  /** Records held (tests: the bound and the sweep). */
  get size(): number {
    return this.entries.size;
  }
}

export function windowMs(rate: Rate): number {
  return rate.seconds * 1000;
}
