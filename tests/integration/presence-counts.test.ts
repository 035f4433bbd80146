/**
 * Presence above PRESENCE_NAMES_MAX (300 players) over real sockets: the host's `host:presence` updates and
 * its `host:resume` snapshot carry counts only (`names: false`, empty id lists), as a phone connects, answers
 * and drops; at exactly 300 the same steps name the player. (The projector's panel for it:
 * tests/browser/presence-counts.test.ts.)
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.js';
import { randomId, randomToken } from '../../server/util/random.js';
import { PRESENCE_NAMES_MAX, type HostState, type PresenceView, type QuestionView } from '../../shared/protocol.js';
import { Bot, expectOk } from '../helpers/bot.js';
import { startServer } from '../helpers/server.js';

let app: FastifyInstance;
let url: string;
const bots: Bot[] = [];
beforeAll(async () => {
  ({ app, url } = await startServer(buildApp, { config: { presenceGraceMs: 100 } }));
});
afterAll(async () => {
  bots.forEach((b) => b.close());
  await app?.close();
});

async function bot(localAddress: string): Promise<Bot> {
  const b = new Bot(url, { localAddress });
  bots.push(b);
  await b.connected();
  return b;
}

/** A lobby of `n` players seated in the store (none connected); returns the host and the last two seats. */
async function lobby(n: number, address: string) {
  const host = await bot(address);
  const c = expectOk(await host.call<{ hostToken: string; state: HostState }>('host:create', { deckId: 'test-deck', timeLimit: 120 }));
  const auth = { pin: c.state.pin, hostToken: c.hostToken };
  const seats: { id: string; token: string }[] = [];
  for (let i = 0; i < n; i++) {
    const name = `Seat ${i}`;
    const seat = { id: randomId(), token: randomToken() };
    seats.push(seat);
    const r = await app.game.store.addPlayer(auth.pin, { id: seat.id, name, key: name.toLowerCase(), token: seat.token, joinedAt: Date.now(), score: 0, streak: 0, correct: 0, correctTimeMs: 0, kicked: false }, 10_000);
    expect(r.status).toBe('ok');
  }
  return { host, auth, seats: seats.slice(-2) };
}

/**
 * Two phones (the last two seats) come back; one answers question 0 (the other keeps it open) and then
 * drops. What the host hears at each step, and its snapshot while the question is open.
 */
async function story(n: number, address: string, phoneAddress: string) {
  const { host, auth, seats } = await lobby(n, address);
  const opened = host.next<QuestionView>('game:question');
  expectOk(await host.call('host:start', auth));
  const q = await opened;
  const heard: PresenceView[] = [];
  // Every update, too: the batcher may split the two phones' arrivals over two updates.
  const all: PresenceView[] = [];
  host.socket.on('host:presence', (p: PresenceView) => all.push(p));
  const connected = host.next<PresenceView>('host:presence', (p) => p.counts.online === 2);
  const [phone, other] = [await bot(phoneAddress), await bot(phoneAddress)];
  expectOk(await phone.call('player:rejoin', { pin: auth.pin, token: seats[0].token }));
  expectOk(await other.call('player:rejoin', { pin: auth.pin, token: seats[1].token }));
  heard.push(await connected);
  const answered = host.next<PresenceView>('host:presence', (p) => p.counts.answered === 1);
  expectOk(await phone.call('player:answer', { pin: auth.pin, index: q.index, answer: { type: 'single', option: q.options![0].id } }));
  heard.push(await answered);
  const snapshot = expectOk(await host.call<{ state: HostState }>('host:resume', auth)).state.presence;
  const dropped = host.next<PresenceView>('host:presence', (p) => p.counts.online === 1);
  phone.close();
  heard.push(await dropped);
  return { heard, all, snapshot, ids: seats.map((x) => x.id) };
}

describe('presence above 300 players', () => {
  it('301 players: updates and snapshot carry counts, never ids', async () => {
    const { heard, all, snapshot } = await story(PRESENCE_NAMES_MAX + 1, '127.0.14.1', '127.0.14.2');
    const players = PRESENCE_NAMES_MAX + 1;
    const none = { names: false, online: [], offline: [], answered: [] };
    expect(heard[0]).toMatchObject({ ...none, counts: { players, online: 2, answered: 0 } });
    expect(heard[1]).toMatchObject({ ...none, counts: { players, online: 2, answered: 1 } });
    expect(snapshot).toEqual({ index: 0, ...none, counts: { players, online: 2, answered: 1 } });
    expect(heard[2]).toMatchObject({ ...none, counts: { players, online: 1, answered: 1 } });
    for (const p of all) expect(p).toMatchObject(none);
  });

  it('300 players: the same steps name the player', async () => {
    const { heard, all, snapshot, ids } = await story(PRESENCE_NAMES_MAX, '127.0.14.3', '127.0.14.4');
    const union = (k: 'online' | 'offline' | 'answered') => [...new Set(all.flatMap((p) => p[k]))].sort();
    const players = PRESENCE_NAMES_MAX;
    expect(heard[0]).toMatchObject({ names: true, counts: { players, online: 2, answered: 0 } });
    expect(heard[1]).toMatchObject({ names: true, answered: [ids[0]], counts: { players, online: 2, answered: 1 } });
    expect(snapshot).toMatchObject({ index: 0, names: true, offline: [], answered: [ids[0]], counts: { players, online: 2, answered: 1 } });
    expect([...snapshot.online].sort()).toEqual([...ids].sort());
    expect(heard[2]).toMatchObject({ names: true, offline: [ids[0]], counts: { players, online: 1, answered: 1 } });
    expect(union('online')).toEqual([...ids].sort());
    expect(union('answered')).toEqual([ids[0]]);
    expect(union('offline')).toEqual([ids[0]]);
  });
});
