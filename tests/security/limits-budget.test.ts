/**
 * The per-address budgets (server/security/budget.ts, budget-redis.ts) with a clock the test moves: the
 * same behaviour suite run against this process's memory and against a real Redis (where time is moved by
 * taking it off every key's TTL), then what only one of them has: the memory's bound and sweep, and with
 * Redis two limiters sharing one budget, a SCRIPT FLUSH, and takes in flight on a Redis that never answers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryBudget } from '../../server/security/budget.js';
import { SharedBudget, verdictOf } from '../../server/security/budget-redis.js';
import { AddressLimits, shareAfterOf, type Verdict } from '../../server/security/limits.js';
import { securitySettings, type RateSpec } from '../../server/security/settings.js';
import { deleteKeys, rawClient, startRedis, type RawRedisClient, type TestRedis } from '../helpers/redis-server.js';
import { stalledRedis } from '../helpers/stalled-redis.js';

interface Budgets {
  /** One budget of `spec`; `take` one point for a key. */
  make(spec: RateSpec): Promise<(key: string) => Promise<Verdict>>;
  /** Moves time on by `ms`. */
  advance(ms: number): Promise<void>;
}

const ok = (v: Verdict) => (v.ok ? 'ok' : v.retryAfterSec);

async function evalshaCalls(): Promise<number> {
  const info = String(await client.info('commandstats'));
  return Number(/^cmdstat_evalsha:calls=(\d+)/m.exec(info)?.[1] ?? 0);
}

let redis: TestRedis;
let client: RawRedisClient;
let n = 0;
beforeAll(async () => {
  redis = await startRedis();
  client = await rawClient(redis.url);
});
afterAll(async () => {
  client?.destroy();
  await deleteKeys(redis.url, redis.prefix);
  await redis?.stop();
});

function memoryBudgets(): Budgets {
  let now = 1_000_000;
  return {
    make: async (spec) => {
      const b = new MemoryBudget(spec);
      return async (key) => b.take(key, now);
    },
    advance: async (ms) => {
      now += ms;
    },
  };
}

/**
 * Redis's clock cannot be moved: time passes by taking `ms` off the TTL of every key under the prefix.
 * `many`: each take goes through TAKE_BUDGETS (the batched takes' script) as a call of one key.
 */
function redisBudgets(many = false): Budgets {
  const prefix = `${redis.prefix}b${++n}:`;
  const send = (cmd: string[]) => client.sendCommand(cmd);
  return {
    make: async (spec) => {
      const b = new SharedBudget(send, prefix, `t${++n}`, spec);
      if (many) return (key) => b.takeMany([key]).then((replies) => verdictOf((replies as unknown[])[0]));
      return (key) => b.take(key).then(verdictOf);
    },
    advance: (ms) => moveTtls(prefix, ms),
  };
}

async function moveTtls(prefix: string, ms: number): Promise<void> {
  for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) {
    for (const key of keys) {
      const ttl = await client.pTTL(key);
      if (ttl <= ms) await client.del(key);
      else await client.pExpire(key, ttl - ms);
    }
  }
}

/**
 * The limits as the server takes them with Redis (limits.ts): this process's memory first, then (past a
 * key's first `shareAfter` points of a window, here none) Redis. Time moves both clocks. With points
 * decided locally first, the shared windows start when the threshold is passed, not with the first point:
 * see 'local first' below for what that threshold gives and costs.
 */
function localFirstBudgets(shareAfter: number): Budgets {
  let now = 1_000_000;
  const prefix = `${redis.prefix}lf${++n}:`;
  return {
    make: async (spec) => {
      const settings = securitySettings(undefined, { limits: { ...securitySettings().limits, join: spec } });
      const limits = new AddressLimits(settings, { warn: () => {} }, { client, prefix }, { now: () => now, shareAfter: { join: shareAfter } });
      return async (key) => limits.take('join', key);
    },
    advance: async (ms) => {
      now += ms;
      await moveTtls(prefix, ms);
    },
  };
}

const kinds: [string, () => Budgets][] = [
  ['memory', memoryBudgets],
  ['Redis', () => redisBudgets()],
  ['Redis, TAKE_BUDGETS', () => redisBudgets(true)],
  ['Redis through AddressLimits, every take shared', () => localFirstBudgets(0)],
];

describe.each(kinds)('budgets in %s', (_kind, budgets) => {
  it('a steady window: its points, then refusals with the seconds left, then a whole new window', async () => {
    const b = budgets();
    const take = await b.make({ steady: { points: 3, seconds: 60 } });
    const seen = [];
    for (let i = 0; i < 5; i++) seen.push(ok(await take('a')));
    expect(seen).toEqual(['ok', 'ok', 'ok', 60, 60]);
    await b.advance(30_000);
    expect(ok(await take('a'))).toBe(30);
    await b.advance(29_500);
    expect(ok(await take('a'))).toBe(1); // half a second left: rounded up, never 0
    await b.advance(500);
    // The refused takes counted in the old window only: the new one starts full.
    expect([ok(await take('a')), ok(await take('a')), ok(await take('a')), ok(await take('a'))]).toEqual(['ok', 'ok', 'ok', 60]);
  });

  it('keys have budgets of their own', async () => {
    const b = budgets();
    const take = await b.make({ steady: { points: 1, seconds: 60 } });
    expect([ok(await take('a')), ok(await take('a')), ok(await take('b')), ok(await take('a|b'))]).toEqual(['ok', 60, 'ok', 'ok']);
  });

  it('the burst is drawn on only once the steady window is spent', async () => {
    const b = budgets();
    const take = await b.make({ steady: { points: 2, seconds: 10 }, burst: { points: 3, seconds: 100 } });
    // Three steady windows used to the full: the burst is not touched.
    for (let w = 0; w < 3; w++) {
      expect([ok(await take('a')), ok(await take('a'))]).toEqual(['ok', 'ok']);
      await b.advance(10_000);
    }
    // Then the steady points, the three of the burst, and a refusal until the steady window ends.
    const seen = [];
    for (let i = 0; i < 6; i++) seen.push(ok(await take('a')));
    expect(seen).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 10]);
  });

  it("the burst's window starts with its first point; a refusal waits for whichever window ends first", async () => {
    const b = budgets();
    const take = await b.make({ steady: { points: 1, seconds: 10 }, burst: { points: 2, seconds: 30 } });
    expect(ok(await take('a'))).toBe('ok'); // t=0, steady (ends at 10)
    await b.advance(5_000);
    expect([ok(await take('a')), ok(await take('a')), ok(await take('a'))]).toEqual(['ok', 'ok', 5]); // burst from t=5 (ends at 35)
    await b.advance(5_000); // t=10
    expect([ok(await take('a')), ok(await take('a'))]).toEqual(['ok', 10]);
    await b.advance(20_000); // t=30: the steady window ends at 40, the burst at 35
    expect([ok(await take('a')), ok(await take('a'))]).toEqual(['ok', 5]);
    await b.advance(5_000); // t=35: a new burst window
    expect([ok(await take('a')), ok(await take('a')), ok(await take('a'))]).toEqual(['ok', 'ok', 5]);
  });

  it('the default join limit: 330 players behind one address in the first minute (30 + a burst of 300), then 30 a minute', async () => {
    const b = budgets();
    const take = await b.make(securitySettings().limits.join);
    const verdicts = await Promise.all(Array.from({ length: 331 }, () => take('1234|10.0.0.1')));
    expect(verdicts.filter((v) => v.ok)).toHaveLength(330);
    expect(ok(verdicts[330])).toBe(60);
    await b.advance(60_000);
    const next = await Promise.all(Array.from({ length: 31 }, () => take('1234|10.0.0.1')));
    expect(next.map(ok).slice(28)).toEqual(['ok', 'ok', 60]);
  });
});

describe('budgets in memory: bounded', () => {
  it('drops records whose windows have both ended, on a new key, at most once per window', () => {
    const b = new MemoryBudget({ steady: { points: 1, seconds: 60 }, burst: { points: 1, seconds: 600 } });
    let now = 0;
    for (let i = 0; i < 100; i++) b.take(`k${i}`, now);
    b.take('k0', now); // k0 draws on its burst: it lives 10 minutes
    expect(b.size).toBe(100);
    now += 60_000;
    b.take('new1', now); // a sweep: every record but k0's is dead
    expect(b.size).toBe(2);
    b.take('k5', now + 1); // dead keys come back as new
    expect(b.size).toBe(3);
    now += 600_000;
    b.take('new2', now);
    expect(b.size).toBe(1);
  });

  it('full of live records: new keys share one budget, and no held budget is reset by a flood', () => {
    const b = new MemoryBudget({ steady: { points: 2, seconds: 60 } }, { maxKeys: 3 });
    const now = 0;
    expect([b.take('a', now), b.take('a', now), b.take('a', now)].map(ok)).toEqual(['ok', 'ok', 60]);
    b.take('b', now);
    b.take('c', now);
    // A flood of new keys: two points between them (the budget of one key), the rest refused.
    const flood = Array.from({ length: 1000 }, (_, i) => ok(b.take(`x${i}`, now + i)));
    expect(flood.filter((v) => v === 'ok')).toHaveLength(2);
    expect(b.size).toBeLessThanOrEqual(4);
    // The spent key is still spent; the others keep their own budgets.
    expect(ok(b.take('a', 1000))).toBe(59);
    expect([ok(b.take('b', 1000)), ok(b.take('b', 1000))]).toEqual(['ok', 59]);
    // Once the windows end, new keys are held on their own again.
    expect([ok(b.take('y', 60_000)), ok(b.take('z', 60_000)), ok(b.take('z', 60_000)), ok(b.take('z', 60_000))]).toEqual(['ok', 'ok', 'ok', 60]);
  });
});

describe('budgets in Redis, local first', () => {
  const steady = { steady: { points: 8, seconds: 60 } };
  const settings = securitySettings(undefined, { limits: { ...securitySettings().limits, join: steady, connect: steady } });
  const count = async (key: string) => Number((await client.get(key)) ?? 0);

  it('the default threshold is an eighth of the steady points: connect 15, join 3, create and failed look-ups 0', () => {
    const l = securitySettings().limits;
    expect([shareAfterOf(l.connect), shareAfterOf(l.join), shareAfterOf(l.create), shareAfterOf(l.lookupFail)]).toEqual([15, 3, 0, 0]);
  });

  it('a key within its threshold is decided at once, from memory, and costs Redis nothing; the take past it reports every point of the window', async () => {
    const prefix = `${redis.prefix}lf${++n}:`;
    const limits = new AddressLimits(settings, { warn: () => {} }, { client, prefix }, { shareAfter: { join: 3 } });
    await client.configResetStat();
    const first = [limits.take('join', 'k'), limits.take('join', 'k'), limits.take('join', 'k')];
    expect(first).toEqual([{ ok: true }, { ok: true }, { ok: true }]); // verdicts, not promises
    expect(await evalshaCalls()).toBe(0);
    expect(await client.exists(`${prefix}rl:join:s:k`)).toBe(0);
    const fourth = limits.take('join', 'k');
    expect(fourth).toBeInstanceOf(Promise);
    expect(ok(await fourth)).toBe('ok');
    expect(await count(`${prefix}rl:join:s:k`)).toBe(4);
    expect(ok(await limits.take('join', 'k'))).toBe('ok');
    expect(await count(`${prefix}rl:join:s:k`)).toBe(5);
    expect(await client.pTTL(`${prefix}rl:join:s:k`)).toBeGreaterThan(59_000);
    // The connect limit's default threshold (an eighth of its 8 steady points here: 1): a phone's one connect stays local.
    expect(limits.take('connect', '10.1.1.1')).toEqual({ ok: true });
    expect(await client.exists(`${prefix}rl:connect:s:10.1.1.1`)).toBe(0);
  });

  it('refused by memory: final at once, and nothing sent to Redis', async () => {
    const prefix = `${redis.prefix}lf${++n}:`;
    const limits = new AddressLimits(settings, { warn: () => {} }, { client, prefix }, { shareAfter: { join: 0 } });
    for (let i = 0; i < 8; i++) expect(ok(await limits.take('join', 'k'))).toBe('ok');
    await client.configResetStat();
    const refused = limits.take('join', 'k');
    expect(refused).toEqual({ ok: false, retryAfterSec: 60 });
    expect(await evalshaCalls()).toBe(0);
    expect(await count(`${prefix}rl:join:s:k`)).toBe(8);
  });

  it('two processes: an address takes at most the budget plus one threshold more (the points the other decided alone)', async () => {
    const prefix = `${redis.prefix}lf${++n}:`;
    const [a, b] = [0, 1].map(() => new AddressLimits(settings, { warn: () => {} }, { client, prefix }, { shareAfter: { join: 2 } }));
    const taken = { a: 0, b: 0 };
    for (let i = 0; i < 2; i++) if ((await a.take('join', 'k')).ok) taken.a++;
    for (let i = 0; i < 20; i++) if ((await b.take('join', 'k')).ok) taken.b++;
    for (let i = 0; i < 20; i++) if ((await a.take('join', 'k')).ok) taken.a++;
    expect(taken).toEqual({ a: 2, b: 8 }); // a's third take reports its 3 points: the shared count is past 8
    expect(taken.a + taken.b).toBe(8 + 2);
  });

  it('with every take shared (threshold 0), two processes hold one budget exactly', async () => {
    const prefix = `${redis.prefix}lf${++n}:`;
    const [a, b] = [0, 1].map(() => new AddressLimits(settings, { warn: () => {} }, { client, prefix }, { shareAfter: { join: 0 } }));
    let taken = 0;
    for (let i = 0; i < 10; i++) for (const l of [a, b]) if ((await l.take('join', 'k')).ok) taken++;
    expect(taken).toBe(8);
  });
});

describe('SharedBudget: several points at once', () => {
  it.each([
    ['steady only', { steady: { points: 3, seconds: 60 } }],
    ['steady and burst', { steady: { points: 3, seconds: 60 }, burst: { points: 2, seconds: 600 } }],
  ])('n points get the verdict, and leave the counts, of the last of n takes in a row (%s)', async (_name, spec: RateSpec) => {
    const send = (cmd: string[]) => client.sendCommand(cmd);
    for (const many of [false, true]) {
      for (const n0 of [1, 2, 3, 4, 5, 6, 7]) {
        const prefix = `${redis.prefix}n${++n}:`;
        const budget = new SharedBudget(send, prefix, 'join', spec);
        const at = (key: string) => (many ? budget.takeMany([key], [n0]).then((r) => (r as unknown[])[0]) : budget.take(key, n0));
        let last: Verdict = { ok: true };
        for (let i = 0; i < n0; i++) last = verdictOf(await budget.take('one'));
        expect(ok(verdictOf(await at('all')))).toBe(ok(last));
        for (const w of ['s', 'b']) expect(await client.get(`${prefix}rl:join:${w}:all`)).toBe(await client.get(`${prefix}rl:join:${w}:one`));
        // And the next single take sees the same budget left.
        expect(ok(verdictOf(await budget.take('all')))).toBe(ok(verdictOf(await budget.take('one'))));
      }
    }
  });
});

describe('budgets in Redis, shared', () => {
  const settings = securitySettings(undefined, { limits: { ...securitySettings().limits, join: { steady: { points: 2, seconds: 60 }, burst: { points: 1, seconds: 600 } } } });

  it('two limiters on one Redis share one budget, one EVALSHA a take, and carry on after SCRIPT FLUSH', async () => {
    const c2 = await rawClient(redis.url);
    const prefix = `${redis.prefix}s${++n}:`;
    const [a, b] = [client, c2].map((c) => new AddressLimits(settings, { warn: () => {} }, { client: c, prefix }));
    await client.scriptFlush();
    await client.configResetStat();
    const calls = async () => {
      const info = String(await client.info('commandstats'));
      const count = (cmd: string) => Number(new RegExp(`^cmdstat_${cmd}:calls=(\\d+)`, 'm').exec(info)?.[1] ?? 0);
      return { eval: count('eval'), evalsha: count('evalsha') };
    };
    expect(ok(await a.take('join', 'k'))).toBe('ok'); // NOSCRIPT, then EVAL
    expect(ok(await b.take('join', 'k'))).toBe('ok');
    await client.scriptFlush();
    expect(ok(await b.take('join', 'k'))).toBe('ok'); // the burst, after a NOSCRIPT
    expect(ok(await a.take('join', 'k'))).toBe(60);
    expect(ok(await b.take('join', 'k'))).toBe(60);
    // Answered takes leave the deadlines' queue at once, not when its timer next fires.
    expect([a.inFlight, b.inFlight]).toEqual([0, 0]);
    // Steady and burst in one script: a take is one EVALSHA (EVAL after each NOSCRIPT), never two.
    expect(await calls()).toEqual({ eval: 2, evalsha: 5 });
    expect(await client.keys(`${prefix}*`)).toEqual(expect.arrayContaining([`${prefix}rl:join:s:k`, `${prefix}rl:join:b:k`]));
    expect(await client.pTTL(`${prefix}rl:join:b:k`)).toBeGreaterThan(599_000);
    c2.destroy();
  });

  it('takes in flight on a Redis that never answers are all decided from memory at their deadline, with one warning', async () => {
    const { client: c, close } = await stalledRedis();
    const warnings: string[] = [];
    const limits = new AddressLimits({ ...settings, limiterTimeoutMs: 200 }, { warn: (_o, m) => warnings.push(m) }, { client: c, prefix: 'x:' });
    const t0 = Date.now();
    const verdicts = await Promise.all(Array.from({ length: 50 }, () => limits.take('join', 'a')));
    expect(Date.now() - t0).toBeGreaterThanOrEqual(190);
    expect(Date.now() - t0).toBeLessThan(200 + 500);
    expect(verdicts.map(ok)).toEqual(['ok', 'ok', 'ok', ...Array<number>(47).fill(60)]);
    expect(warnings).toEqual(['shared limits unreachable: this process limits on its own']);
    expect(limits.inFlight).toBe(0);
    // Just after a failure, takes skip Redis: decided at once, from memory.
    expect(limits.take('join', 'b')).toEqual({ ok: true });
    await close();
  });
});
