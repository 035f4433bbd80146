/**
 * The answers of one event-loop turn go to Redis as one RECORD_ANSWER call per question and game
 * (server/store/redis-answer-batch.ts), each checked and recorded on its own, in order, with its own
 * result: the coalescer against a fake `send` (when each call goes out), then the store against Redis.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerCoalescer, MAX_BATCH } from '../../server/store/redis-answer-batch.js';
import { fakeSend, turn } from '../helpers/fake-send.js';
import { startRedis, withRawClient, type RawRedisClient, type TestRedis } from '../helpers/redis-server.js';
import { makeAnswer, makePlayer, seedRoom } from './fixtures.js';
import { freshRedisStore } from './redis-fixture.js';

const KEYS = ['room', 'players', 'kicked', 'names', 'online', 'answers:0'];
const OTHER = ['room', 'players', 'kicked', 'names', 'online', 'answers:1'];

/** EVALSHA, sha, '6', six keys, then ttl, index, createdAt: the answers' arguments start here, three each. */
const HEAD = 12;
/** Answers 'ok' with a running count per answer. */
const shape = { head: HEAD, stride: 3, item: (n: number) => ['ok', n, 50, 40] };

describe('answer coalescer (when the calls go out)', () => {
  it('sends the first answer of a turn at once and the rest in one call, before a write armed after the first send', async () => {
    const { send, sent, ids } = fakeSend(shape);
    const record = answerCoalescer(send, '1000');
    const results = [record(KEYS, '0', '7', 'p0', '100', '{')];
    expect(sent).toHaveLength(1);
    // node-redis arms its write (a setImmediate) at the first command it queues: after the coalescer's.
    let atWrite = -1;
    setImmediate(() => (atWrite = sent.length));
    for (let i = 1; i < 50; i++) results.push(record(KEYS, '0', '7', `p${i}`, String(100 + i), '{'));
    expect(sent).toHaveLength(1);
    await turn();
    expect(atWrite).toBe(2);
    expect(ids(sent[0])).toEqual(['p0']);
    expect(ids(sent[1])).toEqual(Array.from({ length: 49 }, (_, i) => `p${i + 1}`));
    expect(sent[1].slice(0, HEAD)).toEqual(['EVALSHA', sent[0][1], '6', ...KEYS, '1000', '0', '7']);
    // Each answer gets its own result, in the order sent.
    expect((await Promise.all(results)).map((r) => r.count)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(await results[7]).toEqual({ status: 'ok', count: 8, players: 50, online: 40 });
    // The next turn starts over: its first answer goes out at once.
    void record(KEYS, '0', '7', 'late', '200', '{');
    expect(sent).toHaveLength(3);
  });

  it('keeps questions and games apart: one call each, answers in arrival order', async () => {
    const { send, sent, ids } = fakeSend(shape);
    const record = answerCoalescer(send, '1000');
    const all = [
      record(KEYS, '0', '7', 'a', '1', '{'),
      record(KEYS, '0', '7', 'b', '2', '{'),
      record(OTHER, '1', '7', 'c', '3', '{'),
      record(KEYS, '0', '8', 'd', '4', '{'),
      record(KEYS, '0', '7', 'e', '5', '{'),
      record(OTHER, '1', '7', 'f', '6', '{'),
    ];
    await Promise.all(all);
    expect(sent.map(ids)).toEqual([['a'], ['b', 'e'], ['d'], ['c', 'f']]);
    expect(sent[2][11]).toBe('8');
    expect(sent[3][8]).toBe('answers:1');
  });

  it(`splits a turn of more than ${MAX_BATCH} answers to one question into calls of at most ${MAX_BATCH}`, async () => {
    const { send, sent, ids } = fakeSend(shape);
    const record = answerCoalescer(send, '1000');
    const all = Array.from({ length: 2 * MAX_BATCH + 2 }, (_, i) => record(KEYS, '0', '7', `p${i}`, '1', '{'));
    await Promise.all(all);
    expect(sent.map((c) => ids(c).length)).toEqual([1, MAX_BATCH, MAX_BATCH, 1]);
  });

  it('rejects every answer of a call that fails, and only those', async () => {
    const failure = new Error('connection lost');
    const { send } = fakeSend({ ...shape, failing: { calls: [2], error: failure } });
    const record = answerCoalescer(send, '1000');
    const first = record(KEYS, '0', '7', 'a', '1', '{');
    const rest = [record(KEYS, '0', '7', 'b', '2', '{'), record(KEYS, '0', '7', 'c', '3', '{')];
    await expect(first).resolves.toMatchObject({ status: 'ok' });
    for (const r of rest) await expect(r).rejects.toBe(failure);
  });
});

describe('RECORD_ANSWER on Redis (several answers in one call)', () => {
  let redis: TestRedis;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  const withRaw = <T>(fn: (c: RawRedisClient) => Promise<T>): Promise<T> => withRawClient(redis.url, fn);
  const evalshaCalls = () => withRaw(async (c) => Number(/cmdstat_evalsha:calls=(\d+)/.exec(await c.info('commandstats'))?.[1] ?? 0));

  it('records 100 answers of one turn in two calls, each counted once with its own count', async () => {
    const { store, prefix, cleanup } = await freshRedisStore(redis);
    const { room, pin, players } = await seedRoom(store, { players: Array.from({ length: 100 }, (_, i) => `p${i}`), open: true });
    const before = await evalshaCalls();
    const answers = players.map((p, i) => makeAnswer(p.id, room.openedAt + i, 'B'));
    const results = await Promise.all(answers.map((a) => store.recordAnswer(pin, 0, a, room.createdAt)));
    expect(await evalshaCalls()).toBe(before + 2);
    expect(results.map((r) => r.status === 'ok' && r.count)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(results[99]).toEqual({ status: 'ok', count: 100, players: 100, online: 0 });
    expect(await store.answerCount(pin, 0)).toBe(100);
    const raw = await withRaw((c) => c.hGet(`${prefix}answers:{${pin}}:0`, players[73].id));
    expect(raw).toBe(JSON.stringify({ ...answers[73], elapsedMs: 73 }));
    const ttl = await withRaw((c) => c.pTTL(`${prefix}answers:{${pin}}:0`));
    expect(ttl).toBeGreaterThan(0);
    await cleanup();
  });

  it('gives each answer of one call its own result, in order: ok, duplicate, no_player, kicked, closed', async () => {
    const { store, cleanup } = await freshRedisStore(redis);
    const deadline = Date.now() + 20_000;
    const { room, pin, players } = await seedRoom(store, { players: ['a', 'b', 'k'], open: true, deadline });
    const [a, b, k] = players;
    expect(await store.kickPlayer(pin, k.id)).toBe(true);
    const at = room.openedAt + 10;
    const results = await Promise.all([
      store.recordAnswer(pin, 0, makeAnswer(a.id, at), room.createdAt),
      store.recordAnswer(pin, 0, makeAnswer(a.id, at + 1, 'B'), room.createdAt),
      store.recordAnswer(pin, 0, makeAnswer(makePlayer('stranger').id, at), room.createdAt),
      store.recordAnswer(pin, 0, makeAnswer(k.id, at), room.createdAt),
      store.recordAnswer(pin, 0, makeAnswer(b.id, room.openedAt - 1), room.createdAt),
      store.recordAnswer(pin, 0, makeAnswer(b.id, deadline + 1), room.createdAt),
      store.recordAnswer(pin, 0, makeAnswer(b.id, at), room.createdAt + 1),
      store.recordAnswer(pin, 1, makeAnswer(b.id, at), room.createdAt),
      store.recordAnswer(pin, 0, makeAnswer(b.id, at + 5), room.createdAt),
      store.recordAnswer(pin, 0, makeAnswer(b.id, at + 6), undefined),
    ]);
    expect(results).toEqual([
      { status: 'ok', count: 1, players: 2, online: 0 },
      { status: 'duplicate' },
      { status: 'no_player' },
      { status: 'kicked' },
      { status: 'closed' },
      { status: 'closed' },
      { status: 'closed' },
      { status: 'closed' },
      { status: 'ok', count: 2, players: 2, online: 0 },
      { status: 'duplicate' },
    ]);
    expect((await store.getAnswer(pin, 0, a.id))?.answer).toEqual({ type: 'single', option: 'A' });
    expect((await store.getAnswer(pin, 0, b.id))?.elapsedMs).toBe(15);
    await cleanup();
  });

  it('answers no_room to every answer of a call to a room that is gone', async () => {
    const { store, cleanup } = await freshRedisStore(redis);
    const results = await Promise.all(['x', 'y', 'z'].map((id) => store.recordAnswer('999999', 0, makeAnswer(id))));
    expect(results).toEqual([{ status: 'no_room' }, { status: 'no_room' }, { status: 'no_room' }]);
    await cleanup();
  });

  it('records a call of several answers after Redis lost its scripts (NOSCRIPT, then the body)', async () => {
    const { store, cleanup } = await freshRedisStore(redis);
    const { room, pin, players } = await seedRoom(store, { players: ['a', 'b', 'c', 'd'], open: true });
    await withRaw((c) => c.scriptFlush());
    const results = await Promise.all(players.map((p) => store.recordAnswer(pin, 0, makeAnswer(p.id), room.createdAt)));
    expect(results.map((r) => r.status === 'ok' && r.count)).toEqual([1, 2, 3, 4]);
    await cleanup();
  });

  it('reads openedAt from the JSON once for a call to a room written before opened/created sat beside it', async () => {
    const { store, prefix, cleanup } = await freshRedisStore(redis);
    const { room, pin, players } = await seedRoom(store, { players: ['a', 'b', 'c'], open: true });
    await withRaw((c) => c.hDel(`${prefix}room:{${pin}}`, ['opened', 'created']));
    const results = await Promise.all([
      store.recordAnswer(pin, 0, makeAnswer(players[0].id, room.openedAt - 1), room.createdAt),
      store.recordAnswer(pin, 0, makeAnswer(players[1].id, room.openedAt + 700), room.createdAt + 1),
      store.recordAnswer(pin, 0, makeAnswer(players[2].id, room.openedAt + 900), room.createdAt),
    ]);
    expect(results.map((r) => r.status)).toEqual(['closed', 'ok', 'ok']);
    expect((await store.getAnswer(pin, 0, players[1].id))?.elapsedMs).toBe(700);
    expect((await store.getAnswer(pin, 0, players[2].id))?.elapsedMs).toBe(900);
    await cleanup();
  });
});
