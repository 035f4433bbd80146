/**
 * The seat's scripts are loaded ahead of their first call on each connection (Preloaded in
 * server/store/redis-join-script.ts): a burst of joins on a Redis that does not hold JOIN_ROOM yet (a
 * fresh Redis, or one that restarted) pays no NOSCRIPT and no EVAL with the script's body per call.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawClient, startRedis, type RawRedisClient, type TestRedis } from '../helpers/redis-server.js';
import { freshRedisStore } from './redis-fixture.js';
import { makePlayer, seedRoom } from './fixtures.js';

let redis: TestRedis;
let raw: RawRedisClient;
beforeAll(async () => {
  redis = await startRedis();
  raw = await rawClient(redis.url);
});
afterAll(async () => {
  raw?.destroy();
  await redis?.stop();
});

/** NOSCRIPT errors and EVAL calls so far (INFO errorstats, commandstats). */
async function noScripts(): Promise<{ noscript: number; evals: number }> {
  const errors = String(await raw.info('errorstats'));
  const cmds = String(await raw.info('commandstats'));
  return {
    noscript: Number(/^errorstat_NOSCRIPT:count=(\d+)/m.exec(errors)?.[1] ?? 0),
    evals: Number(/^cmdstat_eval:calls=(\d+)/m.exec(cmds)?.[1] ?? 0),
  };
}

async function burstOfJoins(n: number) {
  const { store, cleanup } = await freshRedisStore(redis);
  const { pin } = await seedRoom(store);
  const before = await noScripts();
  const joined = await Promise.all(Array.from({ length: n }, (_, i) => store.joinRoom(pin, makePlayer(`p${i}`), 1000)));
  const after = await noScripts();
  return { store, pin, joined, noscript: after.noscript - before.noscript, evals: after.evals - before.evals, cleanup };
}

describe('the seat scripts are loaded ahead of their first call', () => {
  it('a burst of 50 joins on a Redis without the script: every join lands, none pays a NOSCRIPT or an EVAL', async () => {
    await raw.scriptFlush();
    const { joined, noscript, evals, cleanup } = await burstOfJoins(50);
    expect(joined.filter((j) => j.status === 'ok')).toHaveLength(50);
    expect(joined.map((j) => (j.status === 'ok' ? j.players : 0)).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect({ noscript, evals }).toEqual({ noscript: 0, evals: 0 });
    await cleanup();
  });

  it('loads them again after Redis restarts (its script cache empty), ahead of the next burst', async () => {
    if (!redis.restart) return expect(redis.url).toBeTruthy(); // a shared REDIS_URL cannot be restarted here
    const { store, pin, cleanup } = await burstOfJoins(1);
    await redis.restart(100);
    // The store reconnects by itself; wait until a call goes through.
    for (let i = 0; i < 100 && !(await store.ping()); i++) await new Promise((r) => setTimeout(r, 50));
    const before = await noScripts();
    const joined = await Promise.all(Array.from({ length: 30 }, (_, i) => store.joinRoom(pin, makePlayer(`q${i}`), 1000)));
    const after = await noScripts();
    expect(joined.filter((j) => j.status === 'ok')).toHaveLength(30);
    expect({ noscript: after.noscript - before.noscript, evals: after.evals - before.evals }).toEqual({ noscript: 0, evals: 0 });
    await cleanup();
  });

  it('still joins when the script goes missing behind its back (SCRIPT FLUSH): the call’s own NOSCRIPT fallback', async () => {
    const { store, pin, cleanup } = await burstOfJoins(1);
    await raw.scriptFlush(); // the store believes the script loaded: the next call goes out as EVALSHA
    expect(await store.joinRoom(pin, makePlayer('late'), 1000)).toMatchObject({ status: 'ok', players: 2 });
    await cleanup();
  });
});
