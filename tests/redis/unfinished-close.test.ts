/**
 * An unfinished close (server/gateway/game-service.ts onDue): a process moved the room to 'closing' and
 * died before it committed the scores. Another process's sweep (dueRooms lists a room left closing) finishes
 * the close from what Redis holds: every phone gets its result with the reveal, the host the reveal, the
 * scores are committed once and the question is logged for the report. Here the "dead process" is a second
 * store writing the room to 'closing' directly, with no close behind it.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RevealView } from '../../shared/protocol.js';
import { buildApp } from '../../server/app.js';
import { createMemoryLearningStore } from '../../server/learning/memory-learning.js';
import type { QuestionLog } from '../../server/learning/types.js';
import { createRedisStore } from '../../server/store/redis.js';
import type { RoomStore } from '../../server/store/types.js';
import { startServer } from '../helpers/server.js';
import { startRedis, type TestRedis } from '../helpers/redis-server.js';
import { Host, Phone } from './phones.js';

let redis: TestRedis;
let app: FastifyInstance | undefined;
let other: RoomStore | undefined;
const people: { close(): void }[] = [];

beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  for (const p of people) p.close();
  await app?.close();
  await other?.close();
  await redis?.stop();
});

describe('a close left unfinished by a process that died', () => {
  it('is finished by the sweep: results with the reveal to every phone, scores committed, the question logged', async () => {
    const learning = createMemoryLearningStore();
    const logged: QuestionLog[] = [];
    const logQuestion = learning.logQuestion.bind(learning);
    learning.logQuestion = async (id, entry) => {
      logged.push(entry);
      await logQuestion(id, entry);
    };
    const started = await startServer(buildApp, { redisUrl: redis.url, redisPrefix: redis.prefix, learningStore: learning });
    app = started.app;
    const host = new Host();
    const ann = new Phone('Ann');
    const ben = new Phone('Ben');
    people.push(host, ann, ben);
    await host.create(started.url, 30);
    await Promise.all([ann.join(started.url, host.pin), ben.join(started.url, host.pin)]);
    const view = await host.open('host:start', 0, ann.bot);
    await ann.answer(host.pin, view, true);

    // The "other process": takes the room to closing (as the reducer's deadline does) and dies there.
    other = await createRedisStore(redis.url, { prefix: redis.prefix, onError: () => {} });
    const room = (await other.getRoom(host.pin))!;
    expect(room.phase).toBe('question');
    const closing = { ...room, phase: 'closing' as const, closedBy: 'deadline' as const, version: room.version + 1, updatedAt: Date.now() - 2000 };
    expect(await other.updateRoom(host.pin, room.version, closing)).toBe(true);

    const hostReveal = host.bot.next<RevealView>('game:reveal', (r) => r.index === 0, 10_000);
    const [a, b] = await Promise.all([ann.result(0, 10_000), ben.result(0, 10_000)]);
    expect([a.answered, a.correct, a.rank, b.answered, b.points, b.rank]).toEqual([true, true, 1, false, 0, 2]);
    expect(a.reveal).toEqual(b.reveal);
    expect(a.reveal).toMatchObject({ index: 0, answered: 1, players: 2 });
    expect(await hostReveal).toEqual(a.reveal);

    const after = (await other.getRoom(host.pin))!;
    expect([after.phase, after.version]).toEqual(['reveal', closing.version + 1]);
    const players = await other.listPlayers(host.pin);
    expect(players.map((p) => [p.name, p.score, p.last?.index])).toEqual([
      ['Ann', a.score, 0],
      ['Ben', 0, 0],
    ]);
    expect(logged.map((l) => [l.index, l.rows.length])).toEqual([[0, 2]]);
  }, 30_000);
});
