/**
 * The Redis seat scripts (server/store/redis-join-script.ts) beyond the contract: the room's `locked`
 * field beside its JSON (and rooms written before it existed), the TTLs of the keys a join creates, the
 * look-up by token in one step, and a Redis that lost its scripts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlayerScoreUpdate } from '../../server/engine/types.js';
import { rawClient, startRedis, type RawRedisClient, type TestRedis } from '../helpers/redis-server.js';
import { freshRedisStore } from './redis-fixture.js';
import { advance, makePlan, makePlayer, makeRoom, seedRoom } from './fixtures.js';

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

function freshStore() {
  return freshRedisStore(redis, { defaultTtlMs: 60_000 });
}

/** Every key of the room must have a TTL within the room's life. */
async function expectTtls(prefix: string, pin: string, atLeast: number) {
  const keys = await raw.keys(`${prefix}*{${pin}}*`);
  expect(keys.length).toBeGreaterThan(0);
  for (const k of keys) {
    const ttl = await raw.pTTL(k);
    expect(ttl, k).toBeGreaterThan(0);
    expect(ttl, k).toBeGreaterThanOrEqual(atLeast);
  }
}

describe('Redis join script', () => {
  it('keeps `locked` beside the room JSON through every write of the room, and refuses by it', async () => {
    const { store, prefix, cleanup } = await freshStore();
    let room = makeRoom();
    await store.createRoom(room, makePlan(3));
    const key = `${prefix}room:{${room.pin}}`;
    expect(await raw.hGet(key, 'locked')).toBe('0');
    const locked = advance(room, { locked: true });
    expect(await store.updateRoom(room.pin, room.version, locked)).toBe(true);
    room = locked;
    expect(await raw.hGet(key, 'locked')).toBe('1');
    expect(await store.joinRoom(room.pin, makePlayer('Ada'), 10)).toEqual({ status: 'locked' });
    const committed = advance(room, { locked: false });
    expect(await store.commitScores(room.pin, room.version, committed, [])).toBe(true);
    room = committed;
    expect(await raw.hGet(key, 'locked')).toBe('0');
    expect(await store.joinRoom(room.pin, makePlayer('Ada'), 10)).toMatchObject({ status: 'ok', players: 1, online: 1, room });
    const relocked = advance(room, { locked: true });
    expect(await store.restartRoom(room.pin, room.version, relocked, makePlan(2))).toBe(true);
    expect(await raw.hGet(key, 'locked')).toBe('1');
    expect(await store.joinRoom(room.pin, makePlayer('Bob'), 10)).toEqual({ status: 'locked' });
    await cleanup();
  });

  it('joins a room written before `locked` sat beside its JSON: the JSON decides', async () => {
    const { store, prefix, cleanup } = await freshStore();
    const open = makeRoom();
    const shut = makeRoom({ locked: true });
    for (const r of [open, shut]) {
      await store.createRoom(r, makePlan(3));
      await raw.hDel(`${prefix}room:{${r.pin}}`, 'locked');
    }
    expect(await store.joinRoom(shut.pin, makePlayer('Ada'), 10)).toEqual({ status: 'locked' });
    expect(await store.joinRoom(open.pin, makePlayer('Ada'), 10)).toEqual({ status: 'ok', players: 1, online: 1, room: open });
    // The next write of the room adds the field.
    const next = advance(open, { locked: true });
    expect(await store.updateRoom(open.pin, open.version, next)).toBe(true);
    expect(await raw.hGet(`${prefix}room:{${open.pin}}`, 'locked')).toBe('1');
    expect(await store.joinRoom(open.pin, makePlayer('Bob'), 10)).toEqual({ status: 'locked' });
    await cleanup();
  });

  it('gives the keys a join creates the room’s remaining life: a first join, names emptied by kicks, players gone from the lobby, everyone offline', async () => {
    const { store, prefix, cleanup } = await freshStore();
    const { pin } = await seedRoom(store);
    const roomKey = `${prefix}room:{${pin}}`;
    await raw.pExpire(roomKey, 40_000); // the room's remaining life, below the default 60 s
    const ada = makePlayer('Ada');
    expect(await store.joinRoom(pin, ada, 10)).toMatchObject({ status: 'ok', players: 1, online: 1 });
    await expectTtls(prefix, pin, 1);
    for (const name of ['players', 'names', 'tokens', 'order', 'board', 'online']) {
      expect(await raw.pTTL(`${prefix}${name}:{${pin}}`), name).toBeLessThanOrEqual(40_000);
    }

    await store.kickPlayer(pin, ada.id); // empties names, board and online: Redis deletes the keys
    expect(await store.joinRoom(pin, makePlayer('Bob'), 10)).toMatchObject({ status: 'ok', players: 1, online: 1 });
    await expectTtls(prefix, pin, 1);

    const bob = (await store.listPlayers(pin)).find((p) => p.name === 'Bob')!;
    expect(await store.setOnline(pin, bob.id, false)).toMatchObject({ changed: true, online: 0 }); // online emptied
    expect(await store.joinRoom(pin, makePlayer('Cleo'), 10)).toMatchObject({ status: 'ok', players: 2, online: 1 });
    await expectTtls(prefix, pin, 1);

    for (const p of await store.listPlayers(pin)) await store.removeFromLobby(pin, p.id); // players, tokens, order emptied
    expect(await raw.exists(`${prefix}players:{${pin}}`)).toBe(0);
    expect(await store.joinRoom(pin, makePlayer('Dan'), 10)).toMatchObject({ status: 'ok', players: 1, online: 1 });
    await expectTtls(prefix, pin, 1);
    expect(await store.listPlayers(pin)).toMatchObject([{ name: 'Dan' }]);
    await cleanup();
  });

  it('joins, finds a player by token and sets presence after Redis lost its scripts (SCRIPT FLUSH: NOSCRIPT, then the script body)', async () => {
    const { store, cleanup } = await freshStore();
    const { room, pin, players } = await seedRoom(store, { players: ['a'] });
    await raw.scriptFlush();
    expect(await store.joinRoom(pin, makePlayer('b'), 10)).toEqual({ status: 'ok', players: 2, online: 1, room });
    expect(await store.joinRoom(pin, makePlayer('B'), 10)).toEqual({ status: 'name_taken' });
    await raw.scriptFlush();
    expect(await store.getPlayerByToken(pin, players[0].token)).toEqual(players[0]);
    await raw.scriptFlush();
    expect(await store.setOnline(pin, players[0].id, true)).toEqual({ changed: true, online: 2, players: 2 });
    await cleanup();
  });

  it('finds a player by token with its latest scores, kick and rank, read in one step', async () => {
    const { store, cleanup } = await freshStore();
    const { room, pin, players } = await seedRoom(store, { players: ['a', 'b'] });
    const [a, b] = players;
    const scored: PlayerScoreUpdate = { id: a.id, score: 900, streak: 1, correct: 1, correctTimeMs: 1234.5 };
    expect(await store.commitScores(pin, room.version, advance(room, {}), [scored])).toBe(true);
    await store.setRanks(pin, [{ id: a.id, rank: 1 }]);
    await store.kickPlayer(pin, b.id);
    expect(await store.getPlayerByToken(pin, a.token)).toEqual(await store.getPlayer(pin, a.id));
    expect(await store.getPlayerByToken(pin, a.token)).toMatchObject({ score: 900, correctTimeMs: 1234.5, rank: 1, kicked: false });
    expect(await store.getPlayerByToken(pin, b.token)).toMatchObject({ id: b.id, kicked: true });
    expect(await store.getPlayerByToken(pin, b.token)).not.toHaveProperty('rank');
    expect(await store.getPlayerByToken(pin, 'nobody')).toBeNull();
    expect(await store.getPlayerByToken('999999', a.token)).toBeNull();
    await cleanup();
  });
});
