/**
 * The get-ready beat over real sockets, on the in-memory store and on Redis (issue 14): the question
 * arrives at the beat's start, an answer during the beat is refused with QUESTION_NOT_OPEN and loses
 * nothing, and the answer window is unchanged by the beat: a bot's answer at the server's deadline minus
 * 100 ms is accepted and scored. Also: a phone reloading mid-beat gets the rest of the beat, a pause in
 * the beat freezes it, a skip in the beat scores nobody, and the leaderboard carries rank changes and streaks.
 * On Redis, a process that goes away mid-beat: the next one brings the phone back with the rest of the beat.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.js';
import type { Ack, ClockView, HostState, LeaderboardView, PlayerResult, PlayerResultFrame, PlayerState, QuestionView } from '../../shared/protocol.js';
import { Bot, expectOk } from '../helpers/bot.js';
import { deleteKeys, startRedis, type TestRedis } from '../helpers/redis-server.js';
import { correctTextOf, startServer } from '../helpers/server.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const code = (ack: Ack) => (ack.ok ? 'OK' : ack.error.code);
const rightId = (q: QuestionView) => q.options!.find((o) => o.text === correctTextOf(q.prompt))!.id;
const wrongId = (q: QuestionView) => q.options!.find((o) => o.text !== correctTextOf(q.prompt))!.id;
/** Server and bots share this machine's clock, so server time is Date.now() here. */
const until = (serverMs: number) => sleep(Math.max(0, serverMs - Date.now()));
const answer = (b: Bot, pin: string, q: QuestionView, option = rightId(q)) =>
  b.call<{ receivedAt: number }>('player:answer', { pin, index: q.index, answer: { type: 'single', option } });

describe.each(['memory', 'redis'] as const)('the get-ready beat on the %s store', (kind) => {
  let app: FastifyInstance;
  let url: string;
  let redis: TestRedis | undefined;
  const bots: Bot[] = [];

  beforeAll(async () => {
    if (kind === 'redis') redis = await startRedis();
    ({ app, url } = await startServer(buildApp, redis ? { redisUrl: redis.url, redisPrefix: redis.prefix } : {}));
  });
  afterAll(async () => {
    bots.forEach((b) => b.close());
    await app?.close();
    if (redis && process.env.REDIS_URL) await deleteKeys(redis.url, redis.prefix);
    await redis?.stop();
  });

  async function bot(): Promise<Bot> {
    const b = new Bot(url);
    bots.push(b);
    await b.connected();
    return b;
  }

  it('3 s by default, the host’s choice otherwise', async () => {
    const host = await bot();
    const made = expectOk(await host.call<{ state: HostState }>('host:create', { deckId: 'test-deck', introSeconds: undefined }));
    expect(made.state.settings.introSeconds).toBe(3);
    const bad = await host.call('host:create', { deckId: 'test-deck', introSeconds: 9 });
    expect(bad).toEqual({ ok: false, error: { code: 'BAD_REQUEST', message: expect.stringContaining('introSeconds') } });
  });

  it('refuses answers during the beat, accepts one at the deadline minus 100 ms, and the game goes on', async () => {
    const host = await bot();
    const c = expectOk(await host.call<{ hostToken: string; state: HostState }>('host:create', { deckId: 'test-deck', introSeconds: 1, timeLimit: 5 }));
    const pin = c.state.pin;
    const auth = { pin, hostToken: c.hostToken };
    expect(c.state.settings.introSeconds).toBe(1);
    const ann = await bot();
    const ben = await bot();
    expectOk(await ann.call('player:join', { pin, nickname: 'Ann' }));
    const benToken = expectOk(await ben.call<{ token: string }>('player:join', { pin, nickname: 'Ben' })).token;

    // ---- question 1: the answer window
    const arrived = ann.next<QuestionView>('game:question', (v) => v.index === 0);
    expectOk(await host.call('host:start', auth));
    const q = await arrived;
    expect(q.introMs).toBeGreaterThan(900);
    expect(q.introMs).toBeLessThanOrEqual(1000);
    expect(q.openedAt - q.serverNow).toBe(q.introMs);
    expect(q.deadline - q.openedAt).toBe(5000);
    expect(q.durationMs).toBe(5000);

    const early = await answer(ann, pin, q, rightId(q));
    expect(early).toEqual({ ok: false, error: { code: 'QUESTION_NOT_OPEN', message: expect.stringContaining('Get ready') } });

    // Ben's phone reloads mid-beat: the question with what is left of the beat.
    const ben2 = await bot();
    const back = expectOk(await ben2.call<{ state: PlayerState }>('player:rejoin', { pin, token: benToken })).state;
    expect(back.phase).toBe('question');
    expect(back.question).toMatchObject({ index: 0, openedAt: q.openedAt, deadline: q.deadline });
    expect(back.question!.introMs).toBeLessThan(q.introMs);
    expect(back.question!.introMs).toBe(Math.max(0, q.openedAt - back.question!.serverNow));
    expect(back.clock).toMatchObject({ openedAt: q.openedAt, introMs: back.question!.introMs });
    const hostView = expectOk(await host.call<{ state: HostState }>('host:resume', auth)).state;
    expect(hostView.question!.introMs).toBe(Math.max(0, q.openedAt - hostView.question!.serverNow));

    // The refused answer lost nothing: Ann answers once answers open.
    await until(q.openedAt + 50);
    const annOk = await answer(ann, pin, q, rightId(q));
    expect(code(annOk)).toBe('OK');

    // Ben answers at the server's deadline minus 100 ms.
    const results = [ann.next<PlayerResult>('player:result'), ben2.next<PlayerResult>('player:result')];
    await until(q.deadline - 100);
    const late = expectOk(await answer(ben2, pin, q, rightId(q)));
    expect(late.receivedAt).toBeLessThanOrEqual(q.deadline);
    expect(late.receivedAt).toBeGreaterThanOrEqual(q.deadline - 100);
    const [annResult, benResult] = await Promise.all(results);
    expect(benResult).toMatchObject({ index: 0, answered: true, correct: true, streak: 1 });
    expect(benResult.points).toBeGreaterThanOrEqual(1000);
    expect(annResult.points).toBeGreaterThan(benResult.points);
    expect(benResult).not.toHaveProperty('previousRank');

    // ---- question 2: a pause during the beat freezes it
    expectOk(await host.call('host:next', auth)); // leaderboard
    const arrived2 = ann.next<QuestionView>('game:question', (v) => v.index === 1);
    expectOk(await host.call('host:next', auth));
    const q2 = await arrived2;
    const pausedClock = ann.next<ClockView>('game:clock', (x) => x.paused);
    expectOk(await host.call('host:pause', auth));
    const frozen = await pausedClock;
    expect(frozen.introMs).toBeGreaterThan(0);
    expect(frozen.introMs).toBeLessThanOrEqual(1000);
    expect(code(await answer(ann, pin, q2, rightId(q2)))).toBe('PAUSED');
    await sleep(1200); // longer than the beat: it must not have run out while paused
    const resumedClock = ann.next<ClockView>('game:clock', (x) => !x.paused);
    expectOk(await host.call('host:unpause', auth));
    const resumed = await resumedClock;
    expect(resumed.introMs).toBe(frozen.introMs);
    expect(resumed.openedAt! - resumed.serverNow).toBe(frozen.introMs);
    expect(resumed.deadline! - resumed.openedAt!).toBe(5000);
    expect(resumed.openedAt!).toBeGreaterThan(q2.openedAt);
    if (resumed.openedAt! - Date.now() > 30) expect(code(await answer(ann, pin, q2, rightId(q2)))).toBe('QUESTION_NOT_OPEN');
    await until(resumed.openedAt! + 20);
    const reveal2 = ann.next<PlayerResultFrame>('player:result', (r) => r.index === 1);
    expect(code(await answer(ann, pin, q2, wrongId(q2)))).toBe('OK');
    expect(code(await answer(ben2, pin, q2, rightId(q2)))).toBe('OK');
    await reveal2; // everyone answered: closed early

    // The leaderboard after question 2: Ben overtook Ann; rank changes and streaks are on it.
    const board = ann.next<LeaderboardView>('game:leaderboard', (l) => l.index === 1);
    expectOk(await host.call('host:next', auth));
    const top = (await board).top;
    expect(top.map((e) => [e.name, e.rank, e.previousRank, e.streak])).toEqual([
      ['Ben', 1, 2, 2],
      ['Ann', 2, 1, 0],
    ]);

    // ---- question 3: a skip during the beat
    const arrived3 = ann.next<QuestionView>('game:question', (v) => v.index === 2);
    expectOk(await host.call('host:next', auth));
    const q3 = await arrived3;
    const result3 = ann.next<PlayerResultFrame>('player:result', (r) => r.index === 2);
    expect(code(await answer(ann, pin, q3, rightId(q3)))).toBe('QUESTION_NOT_OPEN');
    expectOk(await host.call('host:skip', auth));
    const r3 = await result3;
    expect(r3.reveal).toMatchObject({ index: 2, skipped: true, answered: 0 });
    expect(r3).toMatchObject({ answered: false, points: 0, previousRank: 2, rank: 2 });
  });
});

describe('a server restart on Redis during the get-ready beat', () => {
  let redis: TestRedis;
  const apps: FastifyInstance[] = [];
  const bots: Bot[] = [];
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    bots.forEach((b) => b.close());
    for (const a of apps) await a.close();
    if (process.env.REDIS_URL) await deleteKeys(redis.url, redis.prefix);
    await redis?.stop();
  });
  const serve = async () => {
    const s = await startServer(buildApp, { redisUrl: redis.url, redisPrefix: redis.prefix });
    apps.push(s.app);
    return s;
  };
  const bot = async (at: string) => {
    const b = new Bot(at);
    bots.push(b);
    await b.connected();
    return b;
  };

  it('the new process brings the phone back mid-beat; answers open at the same openedAt and count', async () => {
    const first = await serve();
    const host = await bot(first.url);
    const c = expectOk(await host.call<{ hostToken: string; state: HostState }>('host:create', { deckId: 'test-deck', introSeconds: 5, timeLimit: 5 }));
    const { pin } = c.state;
    const auth = { pin, hostToken: c.hostToken };
    const ann = await bot(first.url);
    const token = expectOk(await ann.call<{ token: string }>('player:join', { pin, nickname: 'Ann' })).token;
    const arrived = ann.next<QuestionView>('game:question');
    expectOk(await host.call('host:start', auth));
    const q = await arrived;
    bots.forEach((b) => b.close());
    await first.app.close(); // the process goes away mid-beat; the room lives in Redis
    apps.splice(apps.indexOf(first.app), 1);

    const second = await serve();
    const phone = await bot(second.url);
    const back = expectOk(await phone.call<{ state: PlayerState }>('player:rejoin', { pin, token })).state;
    expect(back.question).toMatchObject({ index: 0, openedAt: q.openedAt, deadline: q.deadline });
    expect(back.question!.introMs).toBe(q.openedAt - back.question!.serverNow);
    expect(back.question!.introMs).toBeGreaterThan(0);
    const projector = await bot(second.url);
    expect(expectOk(await projector.call<{ state: HostState }>('host:resume', auth)).state.settings.introSeconds).toBe(5);
    expect(code(await answer(phone, pin, q))).toBe('QUESTION_NOT_OPEN');
    await until(q.openedAt + 20);
    const result = phone.next<PlayerResult>('player:result', (r) => r.index === 0);
    expect(code(await answer(phone, pin, q))).toBe('OK');
    expect(await result).toMatchObject({ answered: true, correct: true }); // everyone answered: closed early
  });
});
