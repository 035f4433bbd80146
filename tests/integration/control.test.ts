/**
 * The host's live controls over real sockets: pause past the deadline, add time, lock,
 * kick in a question (several at once), presence and the early close, auto-advance through
 * a whole game with no host action, the host remote driving while the projector watches,
 * and a new game with the same players.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.js';
import type { Ack, ClockView, HostState, PlayerResult, PlayerState, PodiumView, PresenceView, QuestionView, RemoteLink, RevealView } from '../../shared/protocol.js';
import { Bot, expectOk } from '../helpers/bot.js';
import { correctTextOf, startServer } from '../helpers/server.js';

let app: FastifyInstance;
let url: string;
const open: Bot[] = [];

beforeAll(async () => {
  // A short presence grace so "a phone drops" is seen quickly (the default is 3 s).
  ({ app, url } = await startServer(buildApp, { config: { presenceGraceMs: 200 } }));
});
afterEach(() => {
  open.splice(0).forEach((b) => b.close());
});
afterAll(async () => {
  await app?.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const code = (ack: Ack) => (ack.ok ? 'OK' : ack.error.code);

async function bot(): Promise<Bot> {
  const b = new Bot(url);
  open.push(b);
  await b.connected();
  return b;
}

async function room(extra: object = {}) {
  const host = await bot();
  const c = expectOk(await host.call<{ hostToken: string; state: HostState }>('host:create', { deckId: 'test-deck', ...extra }));
  return { host, state: c.state, pin: c.state.pin, auth: { pin: c.state.pin, hostToken: c.hostToken } };
}

async function player(pin: string, nickname: string) {
  const b = await bot();
  const j = expectOk(await b.call<{ token: string; state: PlayerState }>('player:join', { pin, nickname }));
  return { bot: b, token: j.token, id: j.state.you.id };
}

const rightId = (q: QuestionView) => q.options!.find((o) => o.text === correctTextOf(q.prompt))!.id;
const answer = (b: Bot, pin: string, q: QuestionView, id = rightId(q)) =>
  b.call<{ receivedAt: number }>('player:answer', { pin, index: q.index, answer: { type: 'single', option: id } });

describe('pause and add time', () => {
  it('a question paused past its deadline is still open after the resume, with the time it had left', async () => {
    const { host, pin, auth } = await room({ timeLimit: 5 });
    const a = await player(pin, 'Ann');
    const b = await player(pin, 'Ben');
    const q = a.bot.next<QuestionView>('game:question');
    expectOk(await host.call('host:start', auth));
    const view = await q;
    await sleep(1000);
    const pausedClock = a.bot.next<ClockView>('game:clock', (c) => c.paused);
    expectOk(await host.call('host:pause', auth));
    const c1 = await pausedClock;
    expect(c1).toMatchObject({ phase: 'question', index: 0, paused: true });
    expect(c1.remainingMs).toBeGreaterThan(3000);
    expect(c1.remainingMs).toBeLessThanOrEqual(4100);
    const paused = await a.bot.call('player:answer', { pin, index: 0, answer: { type: 'single', option: 'A' } });
    expect(paused).toEqual({ ok: false, error: { code: 'PAUSED', message: expect.stringContaining('paused') } });
    // Well past the original deadline: nothing closes.
    await sleep(view.deadline - Date.now() + 1500);
    expect(a.bot.events('player:result')).toHaveLength(0);
    const resumed = a.bot.next<ClockView>('game:clock', (c) => !c.paused);
    expectOk(await host.call('host:unpause', auth));
    const c2 = await resumed;
    expect(c2.remainingMs).toBe(c1.remainingMs);
    expect(c2.deadline! - c2.serverNow).toBe(c1.remainingMs);
    expect(code(await answer(a.bot, pin, view))).toBe('OK');
    // Add time: +15 s by default, everyone hears the new deadline.
    const added = b.bot.next<ClockView>('game:clock');
    expectOk(await host.call('host:addTime', auth));
    const c3 = await added;
    expect(c3.deadline! - c2.deadline!).toBe(15_000);
    expect(c3.durationMs).toBe(20_000);
    // Ann's time excludes the pause: a full-speed answer earns the full speed bonus.
    const result = a.bot.next<PlayerResult>('player:result');
    expect(code(await answer(b.bot, pin, view))).toBe('OK');
    const r = await result;
    expect(r.correct).toBe(true);
    expect(r.points).toBeGreaterThan(1000);
  }, 20_000);

  it('refuses pause after the end and add time outside a question', async () => {
    const { host, auth } = await room();
    expect(code(await host.call('host:addTime', auth))).toBe('WRONG_PHASE');
    expect(code(await host.call('host:addTime', { ...auth, seconds: 500 }))).toBe('BAD_REQUEST');
    expectOk(await host.call('host:end', auth));
    expect(code(await host.call('host:pause', auth))).toBe('WRONG_PHASE');
  });
});

describe('lock', () => {
  it('a locked room refuses new players; a player with a token still gets back in', async () => {
    const { host, pin, auth } = await room();
    const a = await player(pin, 'Ann');
    const told = host.next<{ locked: boolean }>('host:room');
    expectOk(await host.call('host:lock', auth));
    expect(await told).toEqual({ locked: true });
    const late = await bot();
    expect(await late.call('player:join', { pin, nickname: 'Late' })).toEqual({
      ok: false,
      error: { code: 'ROOM_LOCKED', message: 'This game is locked — ask the host to let you in.' },
    });
    a.bot.close();
    const back = await bot();
    expect(expectOk(await back.call<{ state: PlayerState }>('player:rejoin', { pin, token: a.token })).state.you.name).toBe('Ann');
    expectOk(await host.call('host:unlock', auth));
    expect(code(await late.call('player:join', { pin, nickname: 'Late' }))).toBe('OK');
  });

  it('"no joining after the start" locks at the start', async () => {
    const { host, pin, auth, state } = await room({ lateJoin: false });
    expect(state.settings.lateJoin).toBe(false);
    await player(pin, 'Ann');
    expectOk(await host.call('host:start', auth));
    const late = await bot();
    expect(code(await late.call('player:join', { pin, nickname: 'Late' }))).toBe('ROOM_LOCKED');
  });
});

describe('kick and presence', () => {
  it('kicks two players mid-question at once; the question closes when the rest have answered', async () => {
    const { host, pin, auth } = await room();
    const ps = await Promise.all(['Ann', 'Ben', 'Cat', 'Dan'].map((n) => player(pin, n)));
    const q = ps[0].bot.next<QuestionView>('game:question');
    expectOk(await host.call('host:start', auth));
    const view = await q;
    expect(code(await answer(ps[0].bot, pin, view))).toBe('OK');
    const kicked = ps[2].bot.next<{ message: string }>('player:kicked');
    expectOk(await host.call('host:kick', { ...auth, playerIds: [ps[2].id, ps[3].id] }));
    expect((await kicked).message).toContain('removed');
    expect(code(await host.call('host:kick', { ...auth, playerIds: ['nobody'] }))).toBe('UNKNOWN_PLAYER');
    expect(code(await host.call('host:kick', { ...auth, playerId: ps[0].id, playerIds: [ps[1].id] }))).toBe('BAD_REQUEST');
    // Cat and Dan cannot come back.
    const again = await bot();
    expect(code(await again.call('player:rejoin', { pin, token: ps[2].token }))).toBe('KICKED');
    const reveal = host.next<RevealView>('game:reveal');
    const t0 = Date.now();
    expect(code(await answer(ps[1].bot, pin, view))).toBe('OK');
    const r = await reveal;
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(r).toMatchObject({ answered: 2, players: 2 });
  });

  it('a phone that drops mid-question is not waited for; the host sees who dropped and who answered', async () => {
    const { host, pin, auth } = await room();
    const ps = await Promise.all(['Ann', 'Ben', 'Cat'].map((n) => player(pin, n)));
    const q = ps[0].bot.next<QuestionView>('game:question');
    expectOk(await host.call('host:start', auth));
    const view = await q;
    expect(code(await answer(ps[0].bot, pin, view))).toBe('OK');
    const presence = await host.next<PresenceView>('host:presence', (p) => p.answered.includes(ps[0].id));
    expect(presence).toMatchObject({ index: 0, names: true });
    ps[2].bot.close();
    const dropped = await host.next<PresenceView>('host:presence', (p) => p.offline.includes(ps[2].id));
    expect(dropped.counts).toMatchObject({ players: 3, online: 2 });
    const reveal = host.next<RevealView>('game:reveal');
    expect(code(await answer(ps[1].bot, pin, view))).toBe('OK');
    const r = await reveal;
    expect(r).toMatchObject({ answered: 2, players: 3 });
    // The dropped player keeps their seat: rejoin and the host's snapshot shows them online again.
    const back = await bot();
    expectOk(await back.call('player:rejoin', { pin, token: ps[2].token }));
    const snap = expectOk(await host.call<{ state: HostState }>('host:resume', auth)).state;
    expect(snap.presence.online.sort()).toEqual(ps.map((p) => p.id).sort());
    expect(snap.presence.counts).toMatchObject({ players: 3, online: 3 });
  });

  it('when the last phone drops before anyone answered, the question waits for its deadline', async () => {
    const { host, pin, auth } = await room();
    const a = await player(pin, 'Ann');
    const q = host.next<QuestionView>('game:question');
    expectOk(await host.call('host:start', auth));
    await q;
    a.bot.close();
    await sleep(600);
    expect(host.events('game:reveal')).toHaveLength(0);
  });
});

describe('auto-advance', () => {
  it('plays a whole game to the podium with no host action after the start', async () => {
    const { host, pin, auth, state } = await room({ autoAdvance: { revealSeconds: 3, leaderboardSeconds: 3 } });
    expect(state.settings.autoAdvance).toEqual({ revealSeconds: 3, leaderboardSeconds: 3 });
    expect(state.settings.expectedMs).toBe(3 * 10_000 + 3 * 6000);
    const a = await player(pin, 'Ann');
    a.bot.socket.on('game:question', (q: QuestionView) => void answer(a.bot, pin, q));
    const podium = host.next<PodiumView>('game:podium', () => true, 40_000);
    expectOk(await host.call('host:start', auth));
    const p = await podium;
    expect(p.top[0]).toMatchObject({ name: 'Ann', correct: 3 });
    const reveals = host.received.filter((r) => r.event === 'game:reveal');
    const boards = host.received.filter((r) => r.event === 'game:leaderboard');
    expect(reveals).toHaveLength(3);
    expect(boards).toHaveLength(3);
    // Each pause lasts its set time (the timer's resolution is the event loop's).
    for (let i = 0; i < 3; i++) expect(boards[i].at - reveals[i].at).toBeGreaterThanOrEqual(2900);
    const clocks = host.events('game:clock') as ClockView[];
    expect(clocks.some((c) => c.phase === 'reveal' && c.advanceAt !== undefined)).toBe(true);
  }, 45_000);
});

describe('host remote', () => {
  it('a one-time link lets a phone drive the game while the projector only watches', async () => {
    const { host, pin, auth } = await room();
    const a = await player(pin, 'Ann');
    const link = expectOk(await host.call<{ link: RemoteLink }>('host:remote', auth)).link;
    expect(link.url).toMatch(new RegExp(`/host/remote\\?pin=${pin}#[A-Za-z0-9_-]{16,}$`));
    expect(link.qrSvg).toContain('<svg');
    const codeOf = link.url.split('#')[1];
    const remote = await bot();
    const claimed = expectOk(await remote.call<{ hostToken: string; state: HostState }>('host:claim', { pin, code: codeOf }));
    expect(claimed.hostToken).not.toBe(auth.hostToken);
    expect(claimed.state.pin).toBe(pin);
    const thief = await bot();
    expect(code(await thief.call('host:claim', { pin, code: codeOf }))).toBe('NOT_HOST');
    const rauth = { pin, hostToken: claimed.hostToken };
    const onProjector = host.next<QuestionView>('game:question');
    const onPhone = a.bot.next<QuestionView>('game:question');
    expectOk(await remote.call('host:start', rauth));
    const view = await onProjector;
    await onPhone;
    expectOk(await remote.call('host:pause', rauth));
    expectOk(await remote.call('host:unpause', rauth));
    expectOk(await remote.call('host:skip', rauth));
    await host.seenOrNext<RevealView>('game:reveal');
    expectOk(await remote.call('host:next', rauth));
    await host.seenOrNext('game:leaderboard');
    expect(view.index).toBe(0);
    expectOk(await remote.call('host:end', rauth));
    await host.seenOrNext<PodiumView>('game:podium');
  });
});

describe('new game with the same players', () => {
  it('brings everyone to a fresh lobby in the same room, scores reset', async () => {
    const { host, pin, auth } = await room({ questionCount: 1 });
    const a = await player(pin, 'Ann');
    const q = a.bot.next<QuestionView>('game:question');
    expectOk(await host.call('host:start', auth));
    expect(code(await answer(a.bot, pin, await q))).toBe('OK');
    await a.bot.seenOrNext<PlayerResult>('player:result');
    expectOk(await host.call('host:next', auth));
    expectOk(await host.call('host:next', auth));
    await a.bot.seenOrNext('player:final');
    const told = a.bot.next<{ pin: string }>('game:restart');
    const r = expectOk(await host.call<{ state: HostState }>('host:restart', auth));
    expect(r.state).toMatchObject({ pin, phase: 'lobby', playerCount: 1, questionCount: 1 });
    expect(await told).toEqual({ pin });
    const back = expectOk(await a.bot.call<{ state: PlayerState }>('player:rejoin', { pin, token: a.token })).state;
    expect(back).toMatchObject({ phase: 'lobby', you: { name: 'Ann', score: 0, streak: 0 } });
    const q2 = a.bot.next<QuestionView>('game:question');
    expectOk(await host.call('host:start', auth));
    expect((await q2).index).toBe(0);
  });
});
