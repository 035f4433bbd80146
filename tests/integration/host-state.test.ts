/**
 * What a host screen gets back when it (re)loads (`host:resume`), by room size: up to PRESENCE_NAMES_MAX
 * (300) players, every player by name with presence by id; above it, counts plus the newest 300 names, so
 * the acknowledgement stays under one bound (HOST_STATE_BOUND, docs/protocol.md) for 300 and for 10,000
 * players, every one connected and every one answered (the worst case for the id lists).
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.js';
import { randomId, randomToken } from '../../server/util/random.js';
import { PRESENCE_NAMES_MAX, type HostState, type QuestionView } from '../../shared/protocol.js';
import { Bot, expectOk } from '../helpers/bot.js';
import { startServer } from '../helpers/server.js';

/** Bytes of a host state's acknowledgement with 20-character names, at any room size. */
const HOST_STATE_BOUND = 32 * 1024;

let app: FastifyInstance;
let url: string;
const bots: Bot[] = [];
beforeAll(async () => {
  ({ app, url } = await startServer(buildApp, { config: { maxPlayers: 20_000 } }));
});
afterAll(async () => {
  bots.forEach((b) => b.close());
  await app?.close();
});

/** A room of `n` players seated straight in the store, every one connected; its question 0 open and answered by all. */
async function room(n: number, address: string): Promise<{ auth: { pin: string; hostToken: string }; host: Bot; ids: string[] }> {
  const host = new Bot(url, { localAddress: address });
  bots.push(host);
  await host.connected();
  const c = expectOk(await host.call<{ hostToken: string; state: HostState }>('host:create', { deckId: 'test-deck', timeLimit: 120 }));
  const auth = { pin: c.state.pin, hostToken: c.hostToken };
  const store = app.game.store;
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const name = `Player ${String(i).padStart(5, '0')} of the room`.slice(0, 20);
    const id = randomId();
    ids.push(id);
    const r = await store.addPlayer(auth.pin, { id, name, key: name.toLowerCase(), token: randomToken(), joinedAt: Date.now(), score: 0, streak: 0, correct: 0, correctTimeMs: 0, kicked: false }, 20_000);
    expect(r.status).toBe('ok');
    await store.setOnline(auth.pin, id, true);
  }
  const opened = host.next<QuestionView>('game:question');
  expectOk(await host.call('host:start', auth));
  await opened;
  // Every one answers (straight in the store: no early close runs, the question stays open).
  for (const id of ids) expect((await store.recordAnswer(auth.pin, 0, { playerId: id, answer: { type: 'single', option: 'A' }, at: Date.now() })).status).toBe('ok');
  return { auth, host, ids };
}

const sizeOf = (ack: object) => Buffer.byteLength(JSON.stringify(ack));

describe('host:resume by room size', () => {
  it(`a room of ${PRESENCE_NAMES_MAX} lists every player by name and presence by id, within the bound`, async () => {
    const { auth, host, ids } = await room(PRESENCE_NAMES_MAX, '127.0.13.1');
    const ack = expectOk(await host.call<{ state: HostState }>('host:resume', auth));
    const s = ack.state;
    expect(s.playerCount).toBe(PRESENCE_NAMES_MAX);
    expect(s.players.map((p) => p.id)).toEqual(ids); // everyone, oldest first (the panel can act on each)
    expect(s.presence.names).toBe(true);
    expect(new Set(s.presence.online)).toEqual(new Set(ids));
    expect(new Set(s.presence.answered)).toEqual(new Set(ids));
    expect(s.presence.counts).toEqual({ players: PRESENCE_NAMES_MAX, online: PRESENCE_NAMES_MAX, answered: PRESENCE_NAMES_MAX });
    expect(sizeOf(ack)).toBeLessThan(HOST_STATE_BOUND);
  });

  it('a room of 10,000 gets counts and the newest 300 names, within the same bound', { timeout: 60_000 }, async () => {
    const { auth, host, ids } = await room(10_000, '127.0.13.2');
    const ack = expectOk(await host.call<{ state: HostState }>('host:resume', auth));
    const s = ack.state;
    expect(s.playerCount).toBe(10_000);
    expect(s.players.map((p) => p.id)).toEqual(ids.slice(-PRESENCE_NAMES_MAX));
    expect(s.presence).toMatchObject({ index: 0, names: false, online: [], offline: [], answered: [] });
    expect(s.presence.counts).toEqual({ players: 10_000, online: 10_000, answered: 10_000 });
    expect(s.answered).toBe(10_000);
    expect(sizeOf(ack)).toBeLessThan(HOST_STATE_BOUND);
  });
});
