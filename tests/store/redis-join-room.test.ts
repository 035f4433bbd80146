/**
 * The joins of one version of a room share one room parsed from JOIN_ROOM's reply (frozen): a burst of
 * joins into one lobby parses the room's JSON once, and every join still returns the room as it was at
 * that join (a new version, a new game on the same PIN). A room the store wrote itself (createRoom,
 * updateRoom) is not sent back at all while it is still the room in Redis: the join sends its stamp.
 */
import { createHook } from 'node:async_hooks';
import dc from 'node:diagnostics_channel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type TestRedis } from '../helpers/redis-server.js';
import { createRedisStore } from '../../server/store/redis.js';
import { freshRedisStore } from './redis-fixture.js';
import { advance, makePlan, makePlayer, makeRoom, seedRoom } from './fixtures.js';

let redis: TestRedis;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
});

/**
 * JOIN_ROOMS's replies while `fn` runs, as node-redis received them (its `node-redis:command` tracing
 * channel): the room's JSON or '', then three values per join (status, players, online).
 */
async function joinReplies(fn: () => Promise<unknown>): Promise<unknown[][]> {
  const seen: unknown[][] = [];
  const ch = dc.tracingChannel('node-redis:command');
  const sub = {
    start() {},
    end() {},
    asyncStart() {},
    error() {},
    asyncEnd(ctx: { result?: unknown }) {
      const r = ctx.result;
      if (Array.isArray(r) && typeof r[0] === 'string' && r.length >= 4 && (r.length - 1) % 3 === 0 && r[1] === 'ok') seen.push(r);
    },
  };
  ch.subscribe(sub);
  try {
    await fn();
  } finally {
    ch.unsubscribe(sub);
  }
  return seen;
}
const carriesJson = (reply: unknown[]) => typeof reply[0] === 'string' && reply[0].startsWith('{');
/** The joins a set of replies seated. */
const seated = (replies: unknown[][]) => replies.reduce((n, r) => n + r.filter((v) => v === 'ok').length, 0);

describe('Redis join: a room this process wrote is not sent back with each join', () => {
  it('joins into a room this store created get it without its JSON from Redis, equal to the stored room', async () => {
    const { store, cleanup } = await freshRedisStore(redis);
    const { pin } = await seedRoom(store);
    const stored = await store.getRoom(pin);
    let joined: Awaited<ReturnType<typeof store.joinRoom>>[] = [];
    const replies = await joinReplies(async () => {
      joined = await Promise.all(Array.from({ length: 30 }, (_, i) => store.joinRoom(pin, makePlayer(`p${i}`), 1000)));
    });
    // The first join of the turn goes alone, the other 29 in one call (redis-join-batch.ts).
    expect(replies).toHaveLength(2);
    expect(seated(replies)).toBe(30);
    expect(replies.filter(carriesJson)).toHaveLength(0);
    const rooms = joined.map((r) => (r.status === 'ok' ? r.room : null));
    expect(rooms[0]).toEqual(stored);
    expect(new Set(rooms).size).toBe(1);
    expect(Object.isFrozen(rooms[0])).toBe(true);
    expect(joined.map((r) => r.status === 'ok' && r.players)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    await cleanup();
  });

  it('after this store updates the room, joins get the new version, again without its JSON', async () => {
    const { store, cleanup } = await freshRedisStore(redis);
    const { pin, room } = await seedRoom(store);
    const next = advance(room, { deckTitle: 'renamed' });
    expect(await store.updateRoom(pin, room.version, next)).toBe(true);
    let j: Awaited<ReturnType<typeof store.joinRoom>> | undefined;
    const replies = await joinReplies(async () => {
      j = await store.joinRoom(pin, makePlayer('a'), 1000);
    });
    expect(replies.filter(carriesJson)).toHaveLength(0);
    expect(j?.status === 'ok' && j.room).toEqual(await store.getRoom(pin));
    expect(j?.status === 'ok' && j.room.deckTitle).toBe('renamed');
    await cleanup();
  });

  it('a room another process wrote since comes back with the join, and the joins after it go without it', async () => {
    const { store, prefix, cleanup } = await freshRedisStore(redis);
    const other = await createRedisStore(redis.url, { prefix, onError: () => {} });
    const { pin, room } = await seedRoom(store);
    const moved = advance(room, { deckTitle: 'moved on elsewhere' });
    expect(await other.updateRoom(pin, room.version, moved)).toBe(true);
    let first: Awaited<ReturnType<typeof store.joinRoom>> | undefined;
    const replies = await joinReplies(async () => {
      first = await store.joinRoom(pin, makePlayer('a'), 1000);
    });
    expect(replies.filter(carriesJson)).toHaveLength(1);
    expect(first?.status === 'ok' && first.room).toEqual(await store.getRoom(pin));
    const later = await joinReplies(() => store.joinRoom(pin, makePlayer('b'), 1000));
    expect(later.filter(carriesJson)).toHaveLength(0);
    // A new game on the PIN from the other process, at the same version: another stamp, so its room comes back.
    await other.expireRoom(pin, 0);
    const again = makeRoom({ pin, createdAt: room.createdAt + 1, version: moved.version, deckTitle: 'game two' });
    expect(await other.createRoom(again, makePlan(3))).toBe(true);
    const c = await store.joinRoom(pin, makePlayer('c'), 1000);
    expect(c.status === 'ok' && c.room.deckTitle).toBe('game two');
    expect(c.status === 'ok' && c.room.createdAt).toBe(again.createdAt);
    await other.close();
    await cleanup();
  });
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

describe('Redis join: what a join holds while it waits for Redis', () => {
  it('a join waits on one reaction to node-redis’s reply, not an async frame per layer: 5 promises from the call to its result', async () => {
    const { store, cleanup } = await freshRedisStore(redis);
    const { pin } = await seedRoom(store);
    await store.joinRoom(pin, makePlayer('first'), 1000); // the script's load goes out with the first join
    for (const name of ['a', 'b', 'c']) {
      // Every promise V8 makes from the call until its result is read (async_hooks): node-redis's command, the
      // reply's reaction (redis-sha.ts evalShaThen), the store's deadline and its reaction (redis-errors.ts), and
      // this test's await. Two async layers (the join, the EVALSHA's NOSCRIPT fallback) made 8: each holds its
      // frame until the reply, and in a burst of 5,000 joins every one is promoted to the old generation.
      let promises = 0;
      const hook = createHook({ init: (_id, type) => void (type === 'PROMISE' && promises++) }).enable();
      const joined = await store.joinRoom(pin, makePlayer(name), 1000);
      hook.disable();
      expect(joined.status).toBe('ok');
      expect(promises).toBe(5);
    }
    await cleanup();
  });
});
