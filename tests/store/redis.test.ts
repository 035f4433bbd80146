/**
 * The RoomStore contract against Redis (one redis-server for the file, a fresh
 * key prefix per test), plus what only Redis has: key TTLs and outages.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createRedisStore } from '../../server/store/redis.js';
import { StoreUnavailableError } from '../../server/store/types.js';
import { startRedis, withRawClient, type RawRedisClient, type TestRedis } from '../helpers/redis-server.js';
import { freshRedisStore } from './redis-fixture.js';
import { storeContract } from './contract.js';
import { advance, caseVariants, makeAnswer, makePlayer, seedRoom } from './fixtures.js';

let redis: TestRedis;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
});

function freshStore(extra: Parameters<typeof freshRedisStore>[1] = {}) {
  return freshRedisStore(redis, extra);
}

storeContract('redis', () => freshStore());

describe('Redis store specifics', () => {
  const withRaw = <T>(fn: (c: RawRedisClient) => Promise<T>): Promise<T> => withRawClient(redis.url, fn);

  it('namespaces every key under the prefix with the room hash tag, and gives each a TTL', async () => {
    const { store, prefix, cleanup } = await freshStore({ defaultTtlMs: 60_000 });
    const { pin, players } = await seedRoom(store, { players: ['a', 'b'], open: true });
    await store.recordAnswer(pin, 0, makeAnswer(players[0].id));
    await store.kickPlayer(pin, players[1].id);
    await store.setRanks(pin, [{ id: players[0].id, rank: 1 }]);
    await withRaw(async (c) => {
      const keys = (await c.keys(`${prefix}*`)).sort();
      const roomKeys = keys.filter((k) => k !== `${prefix}due`);
      expect(roomKeys.length).toBeGreaterThanOrEqual(10);
      for (const k of roomKeys) {
        expect(k).toContain(`{${pin}}`);
        const ttl = await c.pTTL(k);
        expect(ttl, k).toBeGreaterThan(50_000);
        expect(ttl, k).toBeLessThanOrEqual(60_000);
      }
      expect(await c.zScore(`${prefix}due`, pin)).not.toBeNull();
    });
    await store.expireRoom(pin, 5_000);
    await withRaw(async (c) => {
      for (const k of await c.keys(`${prefix}*{${pin}}*`)) expect(await c.pTTL(k), k).toBeLessThanOrEqual(5_000);
    });
    await cleanup();
  });

  it('a join that recreates a key emptied by kicks gives it a TTL again', async () => {
    const { store, prefix, cleanup } = await freshStore({ defaultTtlMs: 60_000 });
    const { pin, players } = await seedRoom(store, { players: ['a'] });
    await store.kickPlayer(pin, players[0].id); // empties the names hash: Redis deletes the key
    expect(await store.addPlayer(pin, makePlayer('b'), 10)).toEqual({ status: 'ok', players: 1 });
    await withRaw(async (c) => {
      for (const k of await c.keys(`${prefix}*{${pin}}*`)) expect(await c.pTTL(k), k).toBeGreaterThan(0);
    });
    await cleanup();
  });

  it('RACE across 4 connections (as 4 server processes): one join per name, one answer per player, one transition', async () => {
    const first = await freshStore();
    const others = await Promise.all([1, 2, 3].map(() => createRedisStore(redis.url, { prefix: first.prefix, onError: () => {} })));
    const stores = [first.store, ...others];
    const { room, pin, players } = await seedRoom(first.store, { players: ['host-side'], open: true });
    const joins = await Promise.all(caseVariants('samename', 60).map((nm, i) => stores[i % 4].addPlayer(pin, makePlayer(nm), 100)));
    expect(joins.filter((r) => r.status === 'ok')).toHaveLength(1);
    const answers = await Promise.all(Array.from({ length: 100 }, (_, i) => stores[i % 4].recordAnswer(pin, 0, makeAnswer(players[0].id))));
    expect(answers.filter((r) => r.status === 'ok')).toHaveLength(1);
    const closes = await Promise.all(stores.map((s) => s.updateRoom(pin, room.version, advance(room, { phase: 'closing' }))));
    expect(closes.filter(Boolean)).toHaveLength(1);
    await Promise.all(others.map((s) => s.close()));
    await first.cleanup();
  });

  it('writes an answer as JSON.stringify of the record would, elapsedMs last', async () => {
    const { store, prefix, cleanup } = await freshStore();
    const { room, pin, players } = await seedRoom(store, { players: ['a'], open: true });
    const a = makeAnswer(players[0].id, room.openedAt + 1234.5, 'ü "quoted" \\ 日本');
    expect(await store.recordAnswer(pin, 0, a, room.createdAt)).toEqual({ status: 'ok', count: 1, players: 1, online: 0 });
    const raw = await withRaw((c) => c.hGet(`${prefix}answers:{${pin}}:0`, players[0].id));
    expect(raw).toBe(JSON.stringify({ ...a, elapsedMs: 1234.5 }));
    await cleanup();
  });

  it('records an answer after Redis lost its scripts (SCRIPT FLUSH: NOSCRIPT, then the script body)', async () => {
    const { store, cleanup } = await freshStore();
    const { room, pin, players } = await seedRoom(store, { players: ['a', 'b'], open: true });
    expect(await store.recordAnswer(pin, 0, makeAnswer(players[0].id), room.createdAt)).toMatchObject({ status: 'ok', count: 1 });
    await withRaw((c) => c.scriptFlush());
    expect(await store.recordAnswer(pin, 0, makeAnswer(players[1].id), room.createdAt)).toMatchObject({ status: 'ok', count: 2 });
    expect(await store.recordAnswer(pin, 0, makeAnswer(players[1].id), room.createdAt)).toEqual({ status: 'duplicate' });
    await cleanup();
  });

  it('answers a room written before openedAt and createdAt sat beside its JSON: any game, openedAt from the JSON', async () => {
    const { store, prefix, cleanup } = await freshStore();
    const { room, pin, players } = await seedRoom(store, { players: ['a', 'b'], open: true });
    await withRaw((c) => c.hDel(`${prefix}room:{${pin}}`, ['opened', 'created']));
    expect(await store.recordAnswer(pin, 0, makeAnswer(players[0].id, room.openedAt - 1), room.createdAt)).toEqual({ status: 'closed' });
    expect(await store.recordAnswer(pin, 0, makeAnswer(players[0].id, room.openedAt + 700), room.createdAt + 1)).toMatchObject({ status: 'ok', count: 1 });
    expect((await store.getAnswer(pin, 0, players[0].id))?.elapsedMs).toBe(700);
    await cleanup();
  });

  it('forgets a due entry whose room vanished by TTL', async () => {
    const { store, prefix, cleanup } = await freshStore();
    const { pin } = await seedRoom(store, { open: true, deadline: Date.now() - 1 });
    await withRaw((c) => c.del(`${prefix}room:{${pin}}`));
    expect(await store.dueRooms(Date.now())).toEqual([]);
    await withRaw(async (c) => expect(await c.zScore(`${prefix}due`, pin)).toBeNull());
    await cleanup();
  });

  it('makes no AbortSignal.timeout per command (its timer fires seconds after every reply): the call deadline bounds it', async () => {
    const { store, cleanup } = await freshStore({ commandTimeoutMs: 300 });
    const { pin, players } = await seedRoom(store, { players: ['a', 'b'], open: true });
    const timeouts = vi.spyOn(AbortSignal, 'timeout');
    try {
      expect(await store.recordAnswer(pin, 0, makeAnswer(players[0].id))).toMatchObject({ status: 'ok', count: 1 });
      expect((await store.getRoom(pin))?.phase).toBe('question');
      expect(await store.listPlayers(pin)).toHaveLength(2);
      expect(timeouts).not.toHaveBeenCalled();
    } finally {
      timeouts.mockRestore();
      await cleanup();
    }
  });

  it('fails fast at startup when Redis is not there', async () => {
    await expect(createRedisStore('redis://127.0.0.1:1', { initialAttempts: 2, onError: () => {} })).rejects.toThrow();
  });

  it.skipIf(!!process.env.REDIS_URL)('survives Redis going away: rejects and pings false while down, resumes after', async () => {
    if (!redis.down || !redis.up) return;
    const errors: Error[] = [];
    const { store, cleanup } = await freshStore({ onError: (e) => errors.push(e), commandTimeoutMs: 1000 });
    const { pin, players } = await seedRoom(store, { players: ['a', 'b'], open: true });
    expect(await store.recordAnswer(pin, 0, makeAnswer(players[0].id))).toMatchObject({ status: 'ok', count: 1 });

    await redis.down();
    await expect.poll(() => store.ping(), { timeout: 5000 }).toBe(false);
    // Typed, so the gateway answers STORE_UNAVAILABLE (tests/store/redis-errors.test.ts for the classification).
    await expect(store.getRoom(pin)).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(store.recordAnswer(pin, 0, makeAnswer(players[1].id))).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(store.listPlayers(pin)).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(errors.length).toBe(1); // one report per outage, not one per retry

    await redis.up();
    await expect.poll(() => store.ping(), { timeout: 10_000, interval: 100 }).toBe(true);
    // SHUTDOWN SAVE kept the data; scripts are reloaded on NOSCRIPT transparently.
    expect((await store.getRoom(pin))?.phase).toBe('question');
    expect(await store.recordAnswer(pin, 0, makeAnswer(players[1].id))).toMatchObject({ status: 'ok', count: 2 });
    await cleanup();
  });

  it.skipIf(!!process.env.REDIS_URL)('close() returns even while Redis is down', async () => {
    if (!redis.down || !redis.up) return;
    const { store } = await freshStore({ onError: () => {} });
    await redis.down();
    await store.close();
    expect(await store.ping()).toBe(false);
    await redis.up();
  });
});
