/**
 * The joins of one version of a room share one room parsed from JOIN_ROOM's reply (frozen): a burst of
 * joins into one lobby parses the room's JSON once, and every join still returns the room as it was at
 * that join (a new version, a new game on the same PIN).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type TestRedis } from '../helpers/redis-server.js';
import { freshRedisStore } from './redis-fixture.js';
import { advance, makePlan, makePlayer, makeRoom, seedRoom } from './fixtures.js';

let redis: TestRedis;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
});

describe('Redis join: the joins of one room version share one parsed room', () => {
  it('50 joins into one lobby get the room as stored, one shared room between them', async () => {
    const { store, cleanup } = await freshRedisStore(redis);
    const { pin } = await seedRoom(store);
    const stored = await store.getRoom(pin);
    const joined = await Promise.all(Array.from({ length: 50 }, (_, i) => store.joinRoom(pin, makePlayer(`p${i}`), 1000)));
    const rooms = joined.map((r) => (r.status === 'ok' ? r.room : null));
    expect(rooms[0]).toEqual(stored);
    expect(new Set(rooms).size).toBe(1);
    await cleanup();
  });

  it("a join after the room moved on gets the new version; after a new game on the PIN, the new game's room", async () => {
    const { store, cleanup } = await freshRedisStore(redis);
    const { pin, room } = await seedRoom(store);
    const a = await store.joinRoom(pin, makePlayer('a'), 1000);
    expect(a.status === 'ok' && a.room.deckTitle).toBe(room.deckTitle);
    const next = advance(room, { deckTitle: 'another title' });
    expect(await store.updateRoom(pin, room.version, next)).toBe(true);
    const b = await store.joinRoom(pin, makePlayer('b'), 1000);
    expect(b.status === 'ok' && b.room).toEqual(await store.getRoom(pin));
    expect(a.status === 'ok' && a.room.deckTitle).toBe(room.deckTitle); // the room a's join returned is left as it was
    expect(b.status === 'ok' && b.room.deckTitle).toBe('another title');
    // The same PIN, a new game at the same version as the old one's first join: another `created`.
    await store.expireRoom(pin, 0);
    const again = makeRoom({ pin, createdAt: room.createdAt + 1, version: room.version, deckTitle: 'game two' });
    expect(await store.createRoom(again, makePlan(3))).toBe(true);
    const c = await store.joinRoom(pin, makePlayer('c'), 1000);
    expect(c.status === 'ok' && c.room.deckTitle).toBe('game two');
    expect(c.status === 'ok' && c.room.createdAt).toBe(again.createdAt);
    await cleanup();
  });

  it('the room a join returns is shared by the joins of its version, and frozen', async () => {
    const { store, cleanup } = await freshRedisStore(redis);
    const { pin } = await seedRoom(store);
    const [a, b] = await Promise.all([store.joinRoom(pin, makePlayer('a'), 1000), store.joinRoom(pin, makePlayer('b'), 1000)]);
    if (a.status !== 'ok' || b.status !== 'ok') throw new Error('joins refused');
    expect(Object.isFrozen(a.room)).toBe(true);
    expect(() => {
      (a.room as { phase: string }).phase = 'ended';
    }).toThrow(TypeError);
    expect(b.room.phase).toBe('lobby');
    await cleanup();
  });
});
