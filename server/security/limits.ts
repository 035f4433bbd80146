/**
 * Per-client-address limits (rate-limiter-flexible): sockets opened, rooms created, PIN look-ups
 * that fail, joins into one room. Each is a steady rate plus a burst budget (settings.ts). With Redis
 * the budgets live in Redis so every process shares them; a Redis call that fails or passes its
 * deadline is decided by this process's own memory limiter instead (a Redis outage never lets a
 * flood through unlimited, and never stalls a join). Sockets open at once are counted per process.
 */
import { BurstyRateLimiter, RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { limiterClient, type LimiterRedis } from './redis-limiter-client.js';
import type { LimitName, RateSpec, SecuritySettings } from './settings.js';

export type Verdict = { ok: true } | { ok: false; retryAfterSec: number };

interface Limiter {
  consume(key: string): Promise<RateLimiterRes>;
}

type Log = { warn: (o: object, m: string) => void };

function build(spec: RateSpec, make: (points: number, duration: number, suffix: string) => Limiter): Limiter {
  const steady = make(spec.steady.points, spec.steady.seconds, 's');
  if (!spec.burst) return steady;
  return new BurstyRateLimiter(steady as RateLimiterMemory, make(spec.burst.points, spec.burst.seconds, 'b') as RateLimiterMemory);
}

const SKIP_SHARED_MS = 5000;

const TAKEN: Verdict = Object.freeze({ ok: true });
const taken = (): Verdict => TAKEN;
/** A spent budget is a verdict (with the seconds to wait); anything else is an error. */
const refused = (err: unknown): Verdict => {
  if (err instanceof RateLimiterRes) return { ok: false, retryAfterSec: Math.max(1, Math.ceil(err.msBeforeNext / 1000)) };
  throw err;
};

const NAMES: LimitName[] = ['connect', 'create', 'lookupFail', 'join'];

export class AddressLimits {
  private memory = {} as Record<LimitName, Limiter>;
  private shared?: Record<LimitName, Limiter>;
  /** Addresses whose failed look-ups are spent, until when (ms): refused before any look-up. */
  private lookupBlocked = new Map<string, number>();
  private open = new Map<string, number>();
  /** When a shared call last failed: for a few seconds after, calls skip Redis (no deadline wait each time). */
  private sharedFailedAt = 0;
  private sharedDown = false;

  constructor(
    private settings: SecuritySettings,
    private log: Log,
    /** A node-redis client (its own connection) to share the budgets between processes. */
    redis?: { client: unknown; prefix: string },
  ) {
    for (const name of NAMES) {
      this.memory[name] = build(settings.limits[name], (points, duration, s) => new RateLimiterMemory({ keyPrefix: `${name}:${s}`, points, duration }));
    }
    if (redis) {
      // One EVALSHA per consume, not the script's body each time (redis-limiter-client.ts).
      const storeClient = limiterClient(redis.client as LimiterRedis);
      const shared = {} as Record<LimitName, Limiter>;
      for (const name of NAMES) {
        shared[name] = build(
          settings.limits[name],
          (points, duration, s) =>
            new RateLimiterRedis({ storeClient, useRedisPackage: true, keyPrefix: `${redis.prefix}rl:${name}:${s}`, points, duration }),
        );
      }
      this.shared = shared;
    }
  }

  /** The limiter's verdict: this process's own, or (with Redis, unless it failed just now) the shared one. */
  private consume(name: LimitName, key: string): Promise<RateLimiterRes> {
    if (!this.shared || Date.now() - this.sharedFailedAt < SKIP_SHARED_MS) return this.memory[name].consume(key);
    return this.consumeShared(this.shared, name, key);
  }

  private async consumeShared(shared: Record<LimitName, Limiter>, name: LimitName, key: string): Promise<RateLimiterRes> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`limiter deadline of ${this.settings.limiterTimeoutMs} ms passed`)), this.settings.limiterTimeoutMs);
    });
    try {
      const res = await Promise.race([shared[name].consume(key), deadline]);
      this.sharedDown = false;
      return res;
    } catch (err) {
      if (err instanceof RateLimiterRes) throw err;
      if (!this.sharedDown) this.log.warn({ err }, 'shared limits unreachable: this process limits on its own');
      this.sharedDown = true;
      this.sharedFailedAt = Date.now();
      return this.memory[name].consume(key);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Takes one point of `name` for `key`; refused with the seconds to wait when the budget is spent.
   * The limiter's own promise, mapped once (no async wrappers: every connect and every join takes a point).
   */
  take(name: LimitName, key: string): Promise<Verdict> {
    return this.consume(name, key).then(taken, refused);
  }

  /** Before a look-up by PIN: refused while this address's failed look-ups are spent. */
  lookupAllowed(addr: string, now = Date.now()): Verdict {
    const until = this.lookupBlocked.get(addr);
    if (until === undefined) return { ok: true };
    if (until <= now) {
      this.lookupBlocked.delete(addr);
      return { ok: true };
    }
    return { ok: false, retryAfterSec: Math.max(1, Math.ceil((until - now) / 1000)) };
  }

  /** After a look-up found no room: spends a point; once spent, further look-ups wait. */
  async lookupFailed(addr: string, now = Date.now()): Promise<Verdict> {
    const v = await this.take('lookupFail', addr);
    if (!v.ok) {
      if (this.lookupBlocked.size > 100_000) this.lookupBlocked.clear();
      this.lookupBlocked.set(addr, now + v.retryAfterSec * 1000);
    }
    return v;
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
}
