/**
 * The server's rules over real sockets: every refusal comes back in the
 * acknowledgement with a clear code and message, and changes nothing.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.js';
import type { Ack, HostState, PlayerResult, PlayerState, QuestionView } from '../../shared/protocol.js';
import { Bot, expectOk } from '../helpers/bot.js';
import { startServer } from '../helpers/server.js';

let app: FastifyInstance;
let url: string;
const open: Bot[] = [];

beforeAll(async () => {
  ({ app, url } = await startServer(buildApp));
});
afterEach(() => {
  open.splice(0).forEach((b) => b.close());
});
afterAll(async () => {
  await app?.close();
});

async function bot(): Promise<Bot> {
  const b = new Bot(url);
  open.push(b);
  await b.connected();
  return b;
}

const code = (ack: Ack) => (ack.ok ? 'OK' : ack.error.code);

async function room(timeLimit?: number) {
  const host = await bot();
  const c = expectOk(await host.call<{ hostToken: string; state: HostState }>('host:create', { deckId: 'test-deck', ...(timeLimit ? { timeLimit } : {}) }));
  return { host, pin: c.state.pin, auth: { pin: c.state.pin, hostToken: c.hostToken } };
}

async function player(pin: string, nickname: string) {
  const b = await bot();
  const j = expectOk(await b.call<{ token: string; state: PlayerState }>('player:join', { pin, nickname }));
  return { bot: b, token: j.token, id: j.state.you.id };
}

describe('joining', () => {
  it('refuses an unknown PIN, a taken name (ignoring case and spaces) and an invalid name, with words to act on', async () => {
    const { pin } = await room();
    await player(pin, 'Alice');
    const b = await bot();
    const unknownPin = pin === '999999' ? '999998' : '999999';
    const r1 = await b.call('player:join', { pin: unknownPin, nickname: 'Bob' });
    expect(r1).toEqual({ ok: false, error: { code: 'ROOM_NOT_FOUND', message: 'Game not found — check the PIN.' } });
    const r2 = await b.call('player:join', { pin, nickname: '  aLiCe ' });
    expect(r2).toEqual({ ok: false, error: { code: 'NAME_TAKEN', message: 'That nickname is taken — try another.' } });
    expect(code(await b.call('player:join', { pin, nickname: '   ' }))).toBe('NAME_INVALID');
    expect(code(await b.call('player:join', { pin, nickname: 'x'.repeat(21) }))).toBe('NAME_INVALID');
    expect(code(await b.call('player:join', { pin, nickname: 'tab\there\u0000' }))).toBe('NAME_INVALID');
    const ok = expectOk(await b.call<{ state: PlayerState }>('player:join', { pin, nickname: ' <b>Bob</b>  ' }));
    expect(ok.state.you.name).toBe('<b>Bob</b>');
  });

  it('refuses malformed payloads with BAD_REQUEST naming the field', async () => {
    const b = await bot();
    for (const payload of [null, 42, 'x', {}, { pin: '12345', nickname: 'a' }, { pin: '123456' }, { pin: '123456', nickname: 'a', extra: 1 }]) {
      const r = await b.call('player:join', payload);
      expect(code(r)).toBe('BAD_REQUEST');
      if (!r.ok) expect(r.error.message).toMatch(/^Bad request: /);
    }
  });

  it('a reconnect token brings the same player back; an unknown token is refused', async () => {
    const { pin } = await room();
    const p = await player(pin, 'Carol');
    p.bot.close();
    const b = await bot();
    const re = expectOk(await b.call<{ state: PlayerState }>('player:rejoin', { pin, token: p.token }));
    expect(re.state.you).toMatchObject({ id: p.id, name: 'Carol' });
    expect(code(await b.call('player:rejoin', { pin, token: 'x'.repeat(32) }))).toBe('UNKNOWN_PLAYER');
  });
});

describe('host-only controls', () => {
  it('start, next, skip, kick and end need the host token, not just any socket', async () => {
    const { pin, auth } = await room();
    const p = await player(pin, 'Mallory');
    const wrong = { pin, hostToken: 'not-the-host-token-000000' };
    for (const ev of ['host:start', 'host:next', 'host:skip', 'host:end'] as const) {
      expect(code(await p.bot.call(ev, wrong))).toBe('NOT_HOST');
    }
    expect(code(await p.bot.call('host:kick', { ...wrong, playerId: p.id }))).toBe('NOT_HOST');
    expect(code(await p.bot.call('host:start', { pin }))).toBe('BAD_REQUEST');
    expect(code(await p.bot.call('host:resume', wrong))).toBe('NOT_HOST');
    // Nothing changed: the real host can still start from the lobby.
    expect(code(await p.bot.call('host:start', auth))).toBe('OK'); // the token, not the socket, is what counts
  });

  it('kick removes the player, frees the name, and refuses their rejoin', async () => {
    const { host, pin, auth } = await room();
    const p = await player(pin, 'Eve');
    const kicked = p.bot.next<{ message: string }>('player:kicked');
    expectOk(await host.call('host:kick', { ...auth, playerId: p.id }));
    expect((await kicked).message).toMatch(/removed/);
    expect(code(await p.bot.call('player:rejoin', { pin, token: p.token }))).toBe('KICKED');
    await player(pin, 'eve');
  });

  it('refuses commands in the wrong phase', async () => {
    const { host, auth } = await room();
    expect(code(await host.call('host:next', auth))).toBe('WRONG_PHASE');
    expect(code(await host.call('host:skip', auth))).toBe('WRONG_PHASE');
    expectOk(await host.call('host:end', auth));
    expect(code(await host.call('host:end', auth))).toBe('WRONG_PHASE');
  });
});

describe('answers', () => {
  it('count once, only while open, only from a player of the room', async () => {
    const { host, pin, auth } = await room();
    const a = await player(pin, 'A');
    const b = await player(pin, 'B');
    const other = await room();
    const stranger = await player(other.pin, 'Stranger');
    const q = a.bot.next<QuestionView>('game:question');
    expectOk(await host.call('host:start', auth));
    const view = await q;
    const opt = view.options![0].id;

    // Before/after: wrong question index, malformed, wrong type, unknown option.
    expect(code(await a.bot.call('player:answer', { pin, index: 1, answer: { type: 'single', option: opt } }))).toBe('WRONG_QUESTION');
    expect(code(await a.bot.call('player:answer', { pin, index: 0, answer: { type: 'single' } }))).toBe('BAD_REQUEST');
    expect(code(await a.bot.call('player:answer', { pin, index: 0, answer: { type: 'truefalse', value: true } }))).toBe('INVALID_ANSWER');
    expect(code(await a.bot.call('player:answer', { pin, index: 0, answer: { type: 'single', option: 'Q' } }))).toBe('INVALID_ANSWER');
    // Foreign: a player of another room, and a socket that never joined.
    expect(code(await stranger.bot.call('player:answer', { pin, index: 0, answer: { type: 'single', option: opt } }))).toBe('NOT_JOINED');
    expect(code(await host.call('player:answer', { pin, index: 0, answer: { type: 'single', option: opt } }))).toBe('NOT_JOINED');

    // First answer counts; a duplicate, even a different one, is refused.
    const first = expectOk(await a.bot.call<{ receivedAt: number }>('player:answer', { pin, index: 0, answer: { type: 'single', option: opt } }));
    expect(first.receivedAt).toBeGreaterThanOrEqual(view.openedAt);
    expect(first.receivedAt).toBeLessThanOrEqual(view.deadline);
    const dup = await Promise.all([1, 2, 3].map(() => a.bot.call('player:answer', { pin, index: 0, answer: { type: 'single', option: view.options![1].id } })));
    expect(dup.map(code)).toEqual(['ALREADY_ANSWERED', 'ALREADY_ANSWERED', 'ALREADY_ANSWERED']);

    // The host skips: the question closes, a late answer is refused and B scores nothing.
    const result = b.bot.next<PlayerResult>('player:result');
    const aResult = a.bot.next<PlayerResult>('player:result');
    expectOk(await host.call('host:skip', auth));
    expect(code(await b.bot.call('player:answer', { pin, index: 0, answer: { type: 'single', option: opt } }))).toBe('QUESTION_CLOSED');
    expect(await result).toMatchObject({ answered: false, points: 0 });
    expect((await aResult).answer).toEqual({ type: 'single', option: opt });
  });

  it('a question closes by itself at its server deadline', async () => {
    const { host, pin, auth } = await room(5);
    const a = await player(pin, 'Slowpoke');
    const q = a.bot.next<QuestionView>('game:question');
    expectOk(await host.call('host:start', auth));
    const view = await q;
    const reveal = await a.bot.next('player:result', () => true, 9000);
    const at = a.bot.received.find((r) => r.payload === reveal)!.at;
    expect(at).toBeGreaterThanOrEqual(view.deadline - 50);
    expect(at).toBeLessThan(view.deadline + 1500);
    expect(code(await a.bot.call('player:answer', { pin, index: 0, answer: { type: 'single', option: view.options![0].id } }))).toBe('QUESTION_CLOSED');
  }, 15_000);

  it('a flood of events from one socket is rate limited', async () => {
    const b = await bot();
    const acks = await Promise.all(Array.from({ length: 60 }, () => b.call('room:check', { pin: '123456' })));
    expect(acks.map(code)).toContain('RATE_LIMITED');
  });
});

describe('http', () => {
  it('GET /readyz reports the store; /healthz says only up; /livez answers', async () => {
    const ready = await app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ ok: true, store: 'memory' });
    const health = await app.inject({ method: 'GET', url: '/healthz' });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toEqual({ ok: true });
    const live = await app.inject({ method: 'GET', url: '/livez' });
    expect(live.statusCode).toBe(200);
  });
});
