/**
 * The per-address budgets shared by every process through Redis (limits.ts): the same steady window and
 * burst as budget.ts, taken in one atomic script, TAKE_BUDGET, sent as one EVALSHA array per take
 * (store/redis-sha.ts: EVAL with the body after a NOSCRIPT); the takes of one limit made in one turn of the
 * event loop go out together as TAKE_BUDGETS (take-batch.ts).
 *
 * Written by hand, not rate-limiter-flexible's RateLimiterRedis + BurstyRateLimiter (used until session 23):
 * those ran the steady window's script, and the burst's as a second call once the steady window was spent,
 * each `SET NX EX` + `INCRBY` + `PTTL`, behind several promise layers per call. Here steady and burst are
 * one script and one round trip, and a point taken within the window costs Redis `INCR` alone (`EXPIRE`
 * beside it when the window starts, `PTTL` only on a refusal).
 *
 * Keys (docs/redis.md), the same as rate-limiter-flexible's, with the same meaning (a counter of the points
 * taken in the window, whose TTL is the rest of the window), so processes of either version share budgets:
 * `{prefix}rl:{limit}:s:{key}` the steady window, `{prefix}rl:{limit}:b:{key}` the burst.
 */
import { sendEvalSha, shaScript, type Send } from '../store/redis-sha.js';
import { refusedFor, TAKEN, type Verdict } from './budget.js';
import type { RateSpec } from './settings.js';

/**
 * KEYS[1] the steady window, KEYS[2] the burst (absent: no burst); ARGV the points taken at once (1, or
 * more when limits.ts reports the points a process took on its own), then steady points, seconds, then
 * burst points, seconds. Returns -1 when the (last) point is taken, else the ms until either window ends
 * (the shorter). n points at once get the verdict the last of n takes in a row would get: those the steady
 * window cannot hold go to the burst. Every take counts, refused ones too, as rate-limiter-flexible's did;
 * a counter without a TTL (written by something else) gets its window back.
 */
const TAKE_LUA = `
local function take(key, points, seconds, n)
  local used = redis.call('INCRBY', key, n)
  if used == n then redis.call('EXPIRE', key, seconds) end
  if used <= points then return 0, -1 end
  local ttl = redis.call('PTTL', key)
  if ttl < 0 then
    redis.call('EXPIRE', key, seconds)
    ttl = seconds * 1000
  end
  return math.min(n, used - points), ttl
end
local function take2(k1, k2, sp, ss, bp, bs, n)
  local over, steady = take(k1, sp, ss, n)
  if over == 0 or not k2 then return steady end
  local bover, burst = take(k2, bp, bs, over)
  if bover == 0 then return -1 end
  return math.min(steady, burst)
end
`;

export const TAKE_BUDGET = shaScript(`${TAKE_LUA}
return take2(KEYS[1], KEYS[2], tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[1]))
`);

/**
 * Many takes of one limit in one call, in order: each take is TAKE_BUDGET's, run one after the other in
 * one script, so each gets the verdict it would have got sent alone in that order. ARGV[1] the keys per
 * take (1: steady only, 2: steady then burst), then steady points, seconds, burst points, seconds (empty
 * without a burst), then the points of each take in turn; KEYS each take's keys in turn.
 * Returns one TAKE_BUDGET reply per take, in order.
 */
export const TAKE_BUDGETS = shaScript(`${TAKE_LUA}
local per = tonumber(ARGV[1])
local sp, ss, bp, bs = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local out = {}
local t = 6
for i = 1, #KEYS, per do
  local k2 = nil
  if per == 2 then k2 = KEYS[i + 1] end
  out[#out + 1] = take2(KEYS[i], k2, sp, ss, bp, bs, tonumber(ARGV[t]))
  t = t + 1
end
return out
`);

/** The reply of TAKE_BUDGET as a verdict. */
export function verdictOf(reply: unknown): Verdict {
  const ms = Number(reply);
  if (ms < 0) return TAKEN;
  if (!Number.isFinite(ms)) throw new Error(`unexpected limiter reply: ${String(reply)}`);
  return refusedFor(ms);
}

/** One limit's budgets in Redis. */
export class SharedBudget {
  private readonly steadyPrefix: string;
  private readonly burstPrefix: string;
  private readonly argv: string[];

  constructor(
    private send: Send,
    prefix: string,
    name: string,
    spec: RateSpec,
  ) {
    this.steadyPrefix = `${prefix}rl:${name}:s:`;
    this.burstPrefix = spec.burst ? `${prefix}rl:${name}:b:` : '';
    this.argv = [String(spec.steady.points), String(spec.steady.seconds)];
    if (spec.burst) this.argv.push(String(spec.burst.points), String(spec.burst.seconds));
  }

  /** Takes `points` (one, unless limits.ts reports what it took on its own) for `key`: the script's reply (use verdictOf). */
  take(key: string, points = 1): Promise<unknown> {
    const a = this.argv;
    const n = String(points);
    const cmd = this.burstPrefix
      ? ['EVALSHA', TAKE_BUDGET.sha, '2', this.steadyPrefix + key, this.burstPrefix + key, n, a[0], a[1], a[2], a[3]]
      : ['EVALSHA', TAKE_BUDGET.sha, '1', this.steadyPrefix + key, n, a[0], a[1]];
    return sendEvalSha(this.send, TAKE_BUDGET, cmd);
  }

  /**
   * Takes `points[i]` (default one) for each of `keys`, in order, in one call: TAKE_BUDGET's reply for each
   * (use verdictOf).
   */
  takeMany(keys: readonly string[], points?: readonly number[]): Promise<unknown> {
    const a = this.argv;
    const burst = this.burstPrefix !== '';
    const cmd = ['EVALSHA', TAKE_BUDGETS.sha, String(burst ? keys.length * 2 : keys.length)];
    for (const key of keys) {
      cmd.push(this.steadyPrefix + key);
      if (burst) cmd.push(this.burstPrefix + key);
    }
    cmd.push(burst ? '2' : '1', a[0], a[1], burst ? a[2] : '', burst ? a[3] : '');
    for (let i = 0; i < keys.length; i++) cmd.push(points ? String(points[i]) : '1');
    return sendEvalSha(this.send, TAKE_BUDGETS, cmd);
  }
}
