/**
 * Per-client-address limits: sockets opened, rooms created, PIN look-ups that fail, joins into one room.
 * Each is a steady rate plus a burst budget (settings.ts), kept by budget.ts in this process's memory, and
 * with Redis also by budget-redis.ts so every process shares them.
 *
 * Local first (session 29). Every take is decided by this process's memory budget first: a refusal there
 * is final (this process alone has spent the budget; nothing is sent to Redis, so a flood refused here
 * costs Redis nothing). A key whose points in this process's steady window stay within its share
 * threshold (`shareAfter`: an eighth of the steady points, rounded down — connect 15 of 120, join 3 of 30,
 * create and failed look-ups 0, so every one is shared) is decided there alone; the take that passes the
 * threshold reports all of the window's points to Redis at once (`points` = the count), and every take
 * after it is a shared take of one point, whose verdict is Redis's. A phone connects and joins a few
 * times a minute: it never costs a call to Redis (a room of 2,000 phones seated: 4,000 script runs fewer);
 * an address that takes many (a school behind one NAT, a flood) is shared as before. The trade-off: points
 * within the threshold are not seen by other processes until the threshold is passed, so across P
 * processes an address can take at most (P − 1) × shareAfter points more per window than the budget (none
 * with one process, nor behind a balancer that sends each address to one process: `ip_hash` in
 * deploy/nginx.conf). Set to 0 for a limit (LimitsOptions.shareAfter), every take is shared.
 *
 * A Redis call that fails or passes its deadline is decided by the memory verdict already taken (a Redis
 * outage never lets a flood through unlimited, and never stalls a join), and for SKIP_SHARED_MS after a
 * failure calls skip Redis. Sockets open at once are counted per process.
 *
 * Both kinds are written here, not taken from rate-limiter-flexible (used until session 23): see budget.ts
 * and budget-redis.ts for what it cost on every connect and join, as measured.
 */
import { SharedBudget, verdictOf } from './budget-redis.js';
import { Deadlines, type Pending } from '../util/deadlines.js';
import { TakeBatcher, type BatchedTake } from './take-batch.js';
import { DEFAULT_MAX_KEYS, MemoryBudget, TAKEN, type MemoryBudgetOptions, type Verdict } from './budget.js';
import type { LimitName, RateSpec, SecuritySettings } from './settings.js';

export type { Verdict } from './budget.js';

type Log = { warn: (o: object, m: string) => void };

/** What is used of a node-redis client: one command array at a time. */
export interface LimiterRedis {
  sendCommand(cmd: string[]): Promise<unknown>;
}

const SKIP_SHARED_MS = 5000;

const NAMES: LimitName[] = ['connect', 'create', 'lookupFail', 'join'];

/** A take sent to Redis: settled by its reply, a failure, or its deadline (whichever comes first). */
class SharedTake implements Pending, BatchedTake {
  done = false;
  resolve!: (v: Verdict) => void;

  constructor(
    readonly deadline: number,
    private limits: AddressLimits,
  ) {}

  answered(reply: unknown): void {
    if (this.done) return;
    let v: Verdict;
    try {
      v = verdictOf(reply);
    } catch (err) {
      return this.failed(err);
    }
    this.done = true;
    this.limits.sharedUp();
    this.resolve(v);
  }

  failed(err: unknown): void {
    if (this.done) return;
    this.done = true;
    this.resolve(this.limits.fallBack(err));
    this.limits.settled();
  }

  expire(): void {
    this.resolve(this.limits.fallBack(new Error('limiter deadline passed')));
  }
}

export interface LimitsOptions extends MemoryBudgetOptions {
  /** The clock (ms): tests. */
  now?: () => number;
  /** Blocked addresses held at most (default: DEFAULT_MAX_KEYS, as each budget's records). */
  maxBlocked?: number;
  /** Points per key and steady window decided by this process alone before its takes are shared (default: shareAfterOf). */
  shareAfter?: Partial<Record<LimitName, number>>;
}

/** The default share threshold of a limit: an eighth of its steady points, rounded down (see the top of this file). */
export function shareAfterOf(spec: RateSpec): number {
  return Math.floor(spec.steady.points / 8);
}

export class AddressLimits {
  private memory = {} as Record<LimitName, MemoryBudget>;
  private shareAfter = {} as Record<LimitName, number>;
  private shared?: Record<LimitName, TakeBatcher>;
  private deadlines: Deadlines;
  private now: () => number;
  /** Addresses whose failed look-ups are spent, until when (ms): refused before any look-up. */
  private lookupBlocked = new Map<string, number>();
  private maxBlocked: number;
  private open = new Map<string, number>();
  /** When a shared call last failed: for a few seconds after, calls skip Redis (no deadline wait each time). */
  private sharedFailedAt = -Infinity;
  private sharedDown = false;

  constructor(
    private settings: SecuritySettings,
    private log: Log,
    /** A node-redis client (its own connection) to share the budgets between processes. */
    redis?: { client: unknown; prefix: string },
    opts: LimitsOptions = {},
  ) {
    this.now = opts.now ?? Date.now;
    this.maxBlocked = opts.maxBlocked ?? DEFAULT_MAX_KEYS;
    this.deadlines = new Deadlines(this.now);
    for (const name of NAMES) {
      this.memory[name] = new MemoryBudget(settings.limits[name], opts);
      this.shareAfter[name] = opts.shareAfter?.[name] ?? shareAfterOf(settings.limits[name]);
    }
    if (redis) {
      const client = redis.client as LimiterRedis;
      const send = (cmd: string[]) => client.sendCommand(cmd);
      const shared = {} as Record<LimitName, TakeBatcher>;
      for (const name of NAMES) shared[name] = new TakeBatcher(new SharedBudget(send, redis.prefix, name, settings.limits[name]));
      this.shared = shared;
    }
  }

  /**
   * Takes one point of `name` for `key`; refused with the seconds to wait when the budget is spent. Decided
   * at once (no promise) by memory: always without Redis, and with it for a refusal or a key within its
   * share threshold; otherwise a promise of Redis's verdict (see the top of this file).
   */
  take(name: LimitName, key: string): Verdict | Promise<Verdict> {
    const now = this.now();
    const memory = this.memory[name];
    const v = memory.take(key, now);
    if (this.shared === undefined || !v.ok) return v;
    const count = memory.lastCount;
    const after = this.shareAfter[name];
    if (count <= after || now - this.sharedFailedAt < SKIP_SHARED_MS) return v;
    const call = new SharedTake(now + this.settings.limiterTimeoutMs, this);
    const verdict = new Promise<Verdict>((resolve) => (call.resolve = resolve));
    this.deadlines.add(call);
    // The take that passes the threshold reports the window's points taken here so far.
    this.shared[name].add(key, call, count === after + 1 ? count : 1);
    return verdict;
  }

  /** A shared take answered: Redis is up (a later failure warns again); answered takes leave the deadlines. */
  sharedUp(): void {
    this.sharedDown = false;
    this.deadlines.settled();
  }

  settled(): void {
    this.deadlines.settled();
  }

  /**
   * A shared take failed or passed its deadline: the memory verdict, already taken, stands (it took the
   * point: TAKEN, as only takes memory allowed are shared); Redis is skipped a while.
   */
  fallBack(err: unknown): Verdict {
    if (!this.sharedDown) this.log.warn({ err }, 'shared limits unreachable: this process limits on its own');
    this.sharedDown = true;
    this.sharedFailedAt = this.now();
    return TAKEN;
  }

  /** Before a look-up by PIN: refused while this address's failed look-ups are spent. */
  lookupAllowed(addr: string, now = this.now()): Verdict {
    const until = this.lookupBlocked.get(addr);
    if (until === undefined) return { ok: true };
    if (until <= now) {
      this.lookupBlocked.delete(addr);
      return { ok: true };
    }
    return { ok: false, retryAfterSec: Math.max(1, Math.ceil((until - now) / 1000)) };
  }

  /** After a look-up found no room: spends a point; once spent, further look-ups wait. */
  async lookupFailed(addr: string, now = this.now()): Promise<Verdict> {
    const v = await this.take('lookupFail', addr);
    if (!v.ok) this.block(addr, now + v.retryAfterSec * 1000, now);
    return v;
  }

  /**
   * Holds `addr` blocked until `until`, newest last. The map is bounded (maxBlocked): when full, blocks that
   * have run out go first, then the oldest blocks. An address let go early gets one look-up, and its next
   * failure blocks it again (its budget is still spent), so a flood of blocked addresses frees only the
   * oldest of them, never every address at once.
   */
  private block(addr: string, until: number, now: number): void {
    const blocked = this.lookupBlocked;
    blocked.delete(addr);
    if (blocked.size >= this.maxBlocked) {
      for (const [a, u] of blocked) if (u <= now) blocked.delete(a);
      // Still full: a tenth of the oldest go at once, so a sustained flood does not scan the map per block.
      let drop = blocked.size >= this.maxBlocked ? blocked.size - this.maxBlocked + 1 + Math.floor(this.maxBlocked / 10) : 0;
      for (const a of blocked.keys()) {
        if (drop-- <= 0) break;
        blocked.delete(a);
      }
    }
    blocked.set(addr, until);
  }

  /** Addresses whose failed look-ups are held blocked (tests). */
  get blockedAddresses(): number {
    return this.lookupBlocked.size;
  }

  /** A socket from `addr` opens: false (and nothing counted) if the address holds too many already. */
  socketOpened(addr: string): boolean {
    const n = this.open.get(addr) ?? 0;
    if (n >= this.settings.socketsPerAddress) return false;
    this.open.set(addr, n + 1);
    return true;
  }

  socketClosed(addr: string): void {
    const n = (this.open.get(addr) ?? 1) - 1;
    if (n <= 0) this.open.delete(addr);
    else this.open.set(addr, n);
  }

  /** Takes to Redis awaiting their reply or deadline (tests). */
  get inFlight(): number {
    return this.deadlines.size;
  }
}
