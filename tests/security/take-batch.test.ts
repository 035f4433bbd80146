/**
 * The shared budgets' takes batched (TakeBatcher, take-batch.ts): the takes of one limit made in one turn
 * go to Redis as one call at its end, each take gets the verdict it would have got alone in the same order,
 * a failed or malformed call fails every take in it, and a call never answered holds no other back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SharedBudget, verdictOf } from '../../server/security/budget-redis.js';
import { MAX_BATCH, TakeBatcher, type BatchedTake } from '../../server/security/take-batch.js';
import { AddressLimits, type Verdict } from '../../server/security/limits.js';
import { securitySettings } from '../../server/security/settings.js';
import { deleteKeys, rawClient, startRedis, type RawRedisClient, type TestRedis } from '../helpers/redis-server.js';

const ok = (v: Verdict) => (v.ok ? 'ok' : v.retryAfterSec);
const turn = () => new Promise((r) => setImmediate(r));

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

async function evalshaCalls(): Promise<number> {
  const info = String(await client.info('commandstats'));
  return Number(/^cmdstat_evalsha:calls=(\d+)/m.exec(info)?.[1] ?? 0);
}

describe('shared takes, batched, on a real Redis', () => {
  const specs = {
    'steady and burst': { steady: { points: 3, seconds: 60 }, burst: { points: 2, seconds: 600 } },
    'steady only': { steady: { points: 2, seconds: 60 } },
  };

  it.each(Object.entries(specs))('takes made in one turn go as one EVALSHA, each with the verdict it gets alone, in order (%s)', async (_name, join) => {
    const settings = securitySettings(undefined, { limits: { ...securitySettings().limits, join } });
    const keys = ['a', 'a', 'b', 'a', 'a', 'a', 'a', 'c', 'b', 'a', 'b', 'b', 'b', 'b'];
    // One by one, each awaited: the verdicts a batch must give.
    const alone = new AddressLimits(settings, { warn: () => {} }, { client, prefix: `${redis.prefix}one${++n}:` });
    const expected: (string | number)[] = [];
    for (const k of keys) expected.push(ok(await alone.take('join', k)));
    expect(expected).toContain('ok');
    expect(expected.some((v) => v !== 'ok')).toBe(true);

    const batched = new AddressLimits(settings, { warn: () => {} }, { client, prefix: `${redis.prefix}many${++n}:` });
    await client.configResetStat();
    const verdicts = await Promise.all(keys.map((k) => batched.take('join', k)));
    expect(verdicts.map(ok)).toEqual(expected);
    expect(await evalshaCalls()).toBe(1);
    expect(batched.inFlight).toBe(0);
  });

  it('takes made in different turns go in a call each, the turn\'s takes together', async () => {
    const settings = securitySettings(undefined, { limits: { ...securitySettings().limits, connect: { steady: { points: 100, seconds: 60 } } } });
    // Every take shared (no points decided by this process alone first): this is about the calls.
    const limits = new AddressLimits(settings, { warn: () => {} }, { client, prefix: `${redis.prefix}turns${++n}:` }, { shareAfter: { connect: 0 } });
    await client.configResetStat();
    const all: Promise<Verdict>[] = [];
    for (let t = 0; t < 10; t++) {
      for (let i = 0; i < 3; i++) all.push(Promise.resolve(limits.take('connect', `10.0.${t}.${i}`)));
      await turn();
    }
    const verdicts = await Promise.all(all);
    expect(verdicts.every((v) => v.ok)).toBe(true);
    expect(await evalshaCalls()).toBe(10);
  });
});

/** A Redis the test answers by hand: every command sent, and its reply to give or withhold. */
function handRedis() {
  const sent: { cmd: string[]; resolve: (v: unknown) => void; reject: (e: unknown) => void }[] = [];
  const send = (cmd: string[]) => new Promise<unknown>((resolve, reject) => sent.push({ cmd: cmd.slice(), resolve, reject }));
  return { sent, send };
}

/** The keys of a call (TAKE_BUDGET or TAKE_BUDGETS) of a budget with no burst. */
const keysOf = (cmd: string[]) => cmd.slice(3, 3 + Number(cmd[2])).map((k) => k.split(':').pop());

function recorder() {
  const got: string[] = [];
  const take = (label: string): BatchedTake => ({
    answered: (reply) => got.push(`${label}=${ok(verdictOf(reply))}`),
    failed: (err) => got.push(`${label}!${(err as Error).message}`),
  });
  return { got, take };
}

describe('TakeBatcher', () => {
  const spec = { steady: { points: 1, seconds: 60 } };

  it('the takes of each turn go at its end as one call, whatever call is out; replies in any order', async () => {
    const r = handRedis();
    const b = new TakeBatcher(new SharedBudget(r.send, 'p:', 'join', spec));
    const { got, take } = recorder();
    b.add('a', take('a'));
    b.add('b', take('b'));
    expect(r.sent).toHaveLength(0); // at the end of the turn, not at once
    await turn();
    b.add('c', take('c'));
    await turn();
    expect(r.sent.map((s) => keysOf(s.cmd))).toEqual([['a', 'b'], ['c']]);
    r.sent[1].resolve(-1);
    r.sent[0].resolve([-1, 1000]);
    await turn();
    expect(got).toEqual(['c=ok', 'a=ok', 'b=1']);
    // A take alone goes as TAKE_BUDGET, one key.
    expect(r.sent[1].cmd[2]).toBe('1');
    b.stop();
  });

  it('a failed call fails every take in it, and the next turn\'s takes still go', async () => {
    const r = handRedis();
    const b = new TakeBatcher(new SharedBudget(r.send, 'p:', 'connect', spec));
    const { got, take } = recorder();
    b.add('a', take('a'));
    b.add('b', take('b'));
    await turn();
    b.add('c', take('c'));
    r.sent[0].reject(new Error('down'));
    await turn();
    await turn();
    expect(got).toEqual(['a!down', 'b!down']);
    expect(r.sent.map((s) => keysOf(s.cmd))).toEqual([['a', 'b'], ['c']]);
    r.sent[1].resolve(-1);
    await turn();
    expect(got).toEqual(['a!down', 'b!down', 'c=ok']);
    b.stop();
  });

  it('a reply of the wrong shape fails every take in the call', async () => {
    const r = handRedis();
    const b = new TakeBatcher(new SharedBudget(r.send, 'p:', 'connect', spec));
    const { got, take } = recorder();
    for (const k of ['a', 'b', 'c']) b.add(k, take(k));
    await turn();
    r.sent[0].resolve([-1, -1]);
    await turn();
    expect(got).toHaveLength(3);
    expect(got.every((g) => g.includes('!unexpected limiter reply'))).toBe(true);
    b.stop();
  });

  it('a call never answered holds no other back', async () => {
    const r = handRedis();
    const b = new TakeBatcher(new SharedBudget(r.send, 'p:', 'connect', spec));
    const { got, take } = recorder();
    b.add('a', take('a'));
    await turn();
    b.add('b', take('b'));
    await turn();
    expect(r.sent.map((s) => keysOf(s.cmd))).toEqual([['a'], ['b']]);
    r.sent[1].resolve(-1);
    await turn();
    expect(got).toEqual(['b=ok']);
    b.stop();
  });

  it(`${MAX_BATCH} takes waiting go at once, without waiting for the turn's end`, async () => {
    const r = handRedis();
    const b = new TakeBatcher(new SharedBudget(r.send, 'p:', 'connect', spec));
    const { take } = recorder();
    for (let i = 0; i < MAX_BATCH + 1; i++) b.add(`k${i}`, take(`k${i}`));
    expect(r.sent).toHaveLength(1);
    expect(keysOf(r.sent[0].cmd)).toHaveLength(MAX_BATCH);
    expect(b.waiting).toBe(1);
    b.stop();
  });
});
