/**
 * Kicks stick, over real sockets: a kicked player's socket cannot answer, cannot come back under a new
 * name, its token cannot rejoin, and kicked players never count towards "everyone answered".
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.js';
import type { Ack, HostState, PlayerState, QuestionView } from '../../shared/protocol.js';
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

const code = (ack: Ack) => (ack.ok ? 'OK' : ack.error.code);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function bot(): Promise<Bot> {
  const b = new Bot(url);
  open.push(b);
  await b.connected();
  return b;
}

async function setup(players: string[]) {
  const host = await bot();
  const c = expectOk(await host.call<{ hostToken: string; state: HostState }>('host:create', { deckId: 'test-deck' }));
  const pin = c.state.pin;
  const auth = { pin, hostToken: c.hostToken };
  const joined = [];
  for (const nickname of players) {
    const b = await bot();
    const j = expectOk(await b.call<{ token: string; state: PlayerState }>('player:join', { pin, nickname }));
    joined.push({ bot: b, token: j.token, id: j.state.you.id });
  }
  return { host, pin, auth, players: joined };
}

describe('kicks stick', () => {
  it('three kicked players answering do not close the question; the real players still do', async () => {
    const { host, pin, auth, players } = await setup(['Ann', 'Ben', 'Cy', 'K1', 'K2', 'K3']);
    const kicked = players.slice(3);
    for (const k of kicked) expectOk(await host.call('host:kick', { ...auth, playerId: k.id }));
    const q = host.next<QuestionView>('game:question');
    expectOk(await host.call('host:start', auth));
    const view = await q;
    const answer = { pin, index: 0, answer: { type: 'single', option: view.options![0].id } };
    for (const k of kicked) expect(code(await k.bot.call('player:answer', answer))).toBe('KICKED');
    await sleep(300);
    expect(host.events('game:reveal')).toHaveLength(0);
    const reveal = host.next('game:reveal');
    for (const p of players.slice(0, 3)) expectOk(await p.bot.call('player:answer', answer));
    expect(await reveal).toMatchObject({ answered: 3, players: 3 });
  });

  it('a player kicked after answering no longer counts: the rest must all answer before it closes', async () => {
    const { host, pin, auth, players } = await setup(['Ann', 'Ben', 'Cy']);
    const q = host.next<QuestionView>('game:question');
    expectOk(await host.call('host:start', auth));
    const view = await q;
    const answer = { pin, index: 0, answer: { type: 'single', option: view.options![0].id } };
    expectOk(await players[0].bot.call('player:answer', answer));
    expectOk(await host.call('host:kick', { ...auth, playerId: players[0].id }));
    expectOk(await players[1].bot.call('player:answer', answer));
    await sleep(300);
    expect(host.events('game:reveal')).toHaveLength(0);
    const reveal = host.next('game:reveal');
    expectOk(await players[2].bot.call('player:answer', answer));
    expect(await reveal).toMatchObject({ answered: 2, players: 2 });
  });

  it('a kicked socket cannot join the room again under a new name, nor rejoin with its token', async () => {
    const { host, pin, auth, players } = await setup(['Troll']);
    const [t] = players;
    const gone = t.bot.next('player:kicked');
    expectOk(await host.call('host:kick', { ...auth, playerId: t.id }));
    await gone;
    expect(code(await t.bot.call('player:join', { pin, nickname: 'Innocent' }))).toBe('KICKED');
    expect(code(await t.bot.call('player:rejoin', { pin, token: t.token }))).toBe('KICKED');
    const fresh = await bot();
    expect(code(await fresh.call('player:rejoin', { pin, token: t.token }))).toBe('KICKED');
    // The name the troll used is free for someone else.
    expectOk(await fresh.call('player:join', { pin, nickname: 'Troll' }));
  });
});
