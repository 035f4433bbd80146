/**
 * The joins of one event-loop turn into one PIN go to Redis as one JOIN_ROOMS call
 * (server/store/redis-join-batch.ts), each checked and seated on its own, in order, with its own result:
 * the coalescer against a fake `send` (when each call goes out), then the store against Redis.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { joinCoalescer, MAX_JOINS, type OnJoin } from '../../server/store/redis-join-batch.js';
import type { JoiningPlayer } from '../../server/store/redis-join-script.js';
import { fakeSend, turn } from '../helpers/fake-send.js';
import { startRedis, withRawClient, type RawRedisClient, type TestRedis } from '../helpers/redis-server.js';
import { advance, caseVariants, makePlayer, seedRoom } from './fixtures.js';
import { freshRedisStore } from './redis-fixture.js';

const KEYS = ['room', 'players', 'names', 'tokens', 'order', 'board', 'online'];
const OTHER = ['room2', 'players2', 'names2', 'tokens2', 'order2', 'board2', 'online2'];
/** EVALSHA, sha, '7', seven keys, then ttl, max players, stamp: the player arguments start here, five each. */
const HEAD = 13;

/** Seats every join, with a running count. */
const shape = { head: HEAD, stride: 5, prefix: [''], item: (n: number) => ['ok', n, n] };

const player = (id: string): JoiningPlayer => ({ id, key: id.toLowerCase(), token: `t-${id}`, score: 0 });
const counts: OnJoin<{ status: string; players: number; online: number; json?: string }> = (status, players, online, json) => ({ status, players, online, json });

describe('join coalescer (when the calls go out)', () => {
  it('sends the first join of a turn at once and the rest in one call, before a write armed after the first send', async () => {
    const { send, sent, ids } = fakeSend(shape);
    const join = joinCoalescer(send, '1000');
    const results = [join(KEYS, 10, 's', player('p0'), counts)];
    expect(sent).toHaveLength(1);
    // node-redis arms its write (a setImmediate) at the first command it queues: after the coalescer's.
    let atWrite = -1;
    setImmediate(() => (atWrite = sent.length));
    for (let i = 1; i < 50; i++) results.push(join(KEYS, 10, 's', player(`p${i}`), counts));
    expect(sent).toHaveLength(1);
    await turn();
    expect(atWrite).toBe(2);
    expect(ids(sent[0])).toEqual(['p0']);
    expect(ids(sent[1])).toEqual(Array.from({ length: 49 }, (_, i) => `p${i + 1}`));
    expect(sent[1].slice(0, HEAD)).toEqual(['EVALSHA', sent[0][1], '7', ...KEYS, '1000', '10', 's']);
    // Each player's five arguments: id, name key, token, its JSON, score.
    expect(sent[1].slice(HEAD, HEAD + 5)).toEqual(['p1', 'p1', 't-p1', JSON.stringify(player('p1')), '0']);
    // Each join gets its own result, in the order sent.
    expect((await Promise.all(results)).map((r) => r.players)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(await results[7]).toEqual({ status: 'ok', players: 8, online: 8, json: undefined });
    // The next turn starts over: its first join goes out at once.
    void join(KEYS, 10, 's', player('late'), counts);
    expect(sent).toHaveLength(3);
  });

  it('keeps PINs, stamps and max players apart: one call each, joins in arrival order', async () => {
    const { send, sent, ids } = fakeSend(shape);
    const join = joinCoalescer(send, '1000');
    const all = [
      join(KEYS, 10, 's', player('a'), counts),
      join(KEYS, 10, 's', player('b'), counts),
      join(OTHER, 10, 's', player('c'), counts),
      join(KEYS, 10, 's2', player('d'), counts),
      join(KEYS, 10, 's', player('e'), counts),
      join(KEYS, 20, 's', player('f'), counts),
      join(OTHER, 10, 's', player('g'), counts),
    ];
    await Promise.all(all);
    expect(sent.map(ids)).toEqual([['a'], ['b', 'e'], ['d'], ['f'], ['c', 'g']]);
    expect(sent[2][HEAD - 1]).toBe('s2');
    expect(sent[3][HEAD - 2]).toBe('20');
    expect(sent[4][3]).toBe('room2');
  });

  it(`splits a turn of more than ${MAX_JOINS} joins into one PIN into calls of at most ${MAX_JOINS}`, async () => {
    const { send, sent, ids } = fakeSend(shape);
    const join = joinCoalescer(send, '1000');
    const all = Array.from({ length: 2 * MAX_JOINS + 2 }, (_, i) => join(KEYS, 5000, '', player(`p${i}`), counts));
    await Promise.all(all);
    expect(sent.map((c) => ids(c).length)).toEqual([1, MAX_JOINS, MAX_JOINS, 1]);
  });

  it('rejects every join of a call that fails, and only those; a join whose own result throws fails alone', async () => {
    const failure = new Error('connection lost');
    const { send } = fakeSend({ ...shape, prefix: ['{"pin":"1"}'], failing: { calls: [2], error: failure } });
    const join = joinCoalescer(send, '1000');
    const first = join(KEYS, 10, '', player('a'), counts);
    const rest = [join(KEYS, 10, '', player('b'), counts), join(KEYS, 10, '', player('c'), counts)];
    await expect(first).resolves.toEqual({ status: 'ok', players: 1, online: 1, json: '{"pin":"1"}' });
    for (const r of rest) await expect(r).rejects.toBe(failure);
    // The next turn: two joins in one call, the second's own handling throws.
    await turn();
    void join(KEYS, 10, '', player('d'), counts);
    const bad = new Error('bad reply');
    const pair = [
      join(KEYS, 10, '', player('e'), counts),
      join(KEYS, 10, '', player('f'), () => {
        throw bad;
      }),
    ];
    await expect(pair[0]).resolves.toMatchObject({ status: 'ok', players: 3 });
    await expect(pair[1]).rejects.toBe(bad);
  });
});

describe('JOIN_ROOMS on Redis (several joins in one call)', () => {
  let redis: TestRedis;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  const withRaw = <T>(fn: (c: RawRedisClient) => Promise<T>): Promise<T> => withRawClient(redis.url, fn);
  const evalshaCalls = () => withRaw(async (c) => Number(/cmdstat_evalsha:calls=(\d+)/.exec(await c.info('commandstats'))?.[1] ?? 0));

  it('seats 100 joins of one turn in two calls, each with its own counts, every key with the room’s TTL', async () => {
    const { store, prefix, cleanup } = await freshRedisStore(redis);
    const { pin } = await seedRoom(store);
    const before = await evalshaCalls();
    const players = Array.from({ length: 100 }, (_, i) => makePlayer(`p${i}`));
    const results = await Promise.all(players.map((p) => store.joinRoom(pin, p, 1000)));
    expect(await evalshaCalls()).toBe(before + 2);
    expect(results.map((r) => r.status === 'ok' && [r.players, r.online])).toEqual(Array.from({ length: 100 }, (_, i) => [i + 1, i + 1]));
    expect((await store.listPlayers(pin)).map((p) => p.id)).toEqual(players.map((p) => p.id));
    expect(await store.getPlayerByToken(pin, players[73].token)).toEqual(players[73]);
    expect((await store.onlinePlayers(pin)).length).toBe(100);
    for (const key of ['players', 'names', 'tokens', 'order', 'board', 'online']) {
      expect(await withRaw((c) => c.pTTL(`${prefix}${key}:{${pin}}`)), key).toBeGreaterThan(0);
    }
    await cleanup();
  });

  it('gives each join of one call its own result, in order: a name taken inside the call, the room full at its boundary', async () => {
    const { store, cleanup } = await freshRedisStore(redis);
    const { pin } = await seedRoom(store, { players: ['Ada'] });
    const [quiz, QUIZ] = caseVariants('quizwiz', 2);
    const names = ['Bob', quiz, 'ada', 'Cleo', QUIZ, 'Dan', 'Eve', 'bob'];
    const results = await Promise.all(names.map((n) => store.joinRoom(pin, makePlayer(n), 4)));
    expect(results.map((r) => (r.status === 'ok' ? `ok ${r.players}/${r.online}` : r.status))).toEqual([
      'ok 2/1',
      'ok 3/2',
      'name_taken',
      'ok 4/3',
      'name_taken',
      'room_full',
      'room_full',
      'name_taken',
    ]);
    expect(await store.playerCount(pin)).toBe(4);
    expect((await store.onlinePlayers(pin)).length).toBe(3);
    await cleanup();
  });

  it('refuses every join of a call into a room that is locked, ended or gone, and adds no one', async () => {
    const { store, cleanup } = await freshRedisStore(redis);
    const locked = await seedRoom(store, { players: ['Ada'] });
    expect(await store.updateRoom(locked.pin, locked.room.version, advance(locked.room, { locked: true }))).toBe(true);
    const ended = await seedRoom(store, { players: ['Ada'] });
    expect(await store.updateRoom(ended.pin, ended.room.version, advance(ended.room, { phase: 'ended' }))).toBe(true);
    const statuses = async (pin: string) => (await Promise.all(['x', 'y', 'z'].map((n) => store.joinRoom(pin, makePlayer(n), 10)))).map((r) => r.status);
    expect(await statuses(locked.pin)).toEqual(['locked', 'locked', 'locked']);
    expect(await statuses(ended.pin)).toEqual(['ended', 'ended', 'ended']);
    expect(await statuses('999999')).toEqual(['no_room', 'no_room', 'no_room']);
    for (const pin of [locked.pin, ended.pin]) {
      expect(await store.playerCount(pin)).toBe(1);
      expect(await store.onlinePlayers(pin)).toEqual([]);
    }
    await cleanup();
  });

  it('seats a call of several joins after Redis lost its scripts (NOSCRIPT, then the body)', async () => {
    const { store, cleanup } = await freshRedisStore(redis);
    const { pin } = await seedRoom(store);
    await store.joinRoom(pin, makePlayer('first'), 100); // the script is loaded with the first join
    await withRaw((c) => c.scriptFlush());
    const results = await Promise.all(['a', 'b', 'c', 'd'].map((n) => store.joinRoom(pin, makePlayer(n), 100)));
    expect(results.map((r) => r.status === 'ok' && r.players)).toEqual([2, 3, 4, 5]);
    await cleanup();
  });

  it('a call of joins into a room another process wrote gets its JSON once, and every join the same room', async () => {
    const { store, prefix, cleanup } = await freshRedisStore(redis);
    const { createRedisStore } = await import('../../server/store/redis.js');
    const other = await createRedisStore(redis.url, { prefix, onError: () => {} });
    const { pin } = await seedRoom(other);
    const stored = await store.getRoom(pin);
    const results = await Promise.all(['a', 'b', 'c', 'd'].map((n) => store.joinRoom(pin, makePlayer(n), 100)));
    const rooms = results.map((r) => (r.status === 'ok' ? r.room : null));
    expect(rooms[0]).toEqual(stored);
    expect(new Set(rooms).size).toBe(1);
    await other.close();
    await cleanup();
  });
});
