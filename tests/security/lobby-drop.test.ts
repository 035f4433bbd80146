/**
 * Join flood, the lasting part: players whose phone has gone longer than the grace period drop out
 * of the lobby (the host hears it; name and seat are free again), a phone that comes back in time
 * keeps its seat, one socket joining under name after name leaves no seats behind, and a running
 * game keeps everyone.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.js';
import { createMemoryStore } from '../../server/store/memory.js';
import type { Ack, HostState, PlayerState } from '../../shared/protocol.js';

type LobbyUpdate = { joined: unknown[]; left: string[]; count: number };
import { Bot, expectOk } from '../helpers/bot.js';
import { startServer } from '../helpers/server.js';

let app: FastifyInstance;
let url: string;
const bots: Bot[] = [];
beforeAll(async () => {
  ({ app, url } = await startServer(buildApp, { config: { lobbyGraceSeconds: 1 } }));
});
afterAll(async () => {
  bots.forEach((b) => b.close());
  await app?.close();
});

const code = (a: Ack) => (a.ok ? 'OK' : a.error.code);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let addr = 1;
async function bot(): Promise<Bot> {
  const b = new Bot(url, { localAddress: `127.0.7.${addr++}` });
  bots.push(b);
  await b.connected();
  return b;
}
async function room() {
  const host = await bot();
  const c = expectOk(await host.call<{ hostToken: string; state: HostState }>('host:create', { deckId: 'test-deck' }));
  return { host, pin: c.state.pin, auth: { pin: c.state.pin, hostToken: c.hostToken } };
}
const left = (host: Bot) => (host.events('host:lobby') as LobbyUpdate[]).flatMap((u) => u.left);

describe('lobby drops', () => {
  it('a phone gone past the grace period drops out; one back in time keeps its seat', async () => {
    const { host, pin } = await room();
    const gone = await bot();
    const g = expectOk(await gone.call<{ state: PlayerState }>('player:join', { pin, nickname: 'Gone' }));
    const back = await bot();
    const b = expectOk(await back.call<{ token: string; state: PlayerState }>('player:join', { pin, nickname: 'Back' }));
    gone.close();
    back.close();
    await sleep(300);
    const again = await bot();
    expectOk(await again.call('player:rejoin', { pin, token: b.token }));
    await sleep(1600);
    expect(left(host)).toEqual([g.state.you.id]);
    expect(expectOk(await host.call<{ state: HostState }>('host:resume', { pin, hostToken: (await app.game.store.getRoom(pin))!.hostToken })).state.playerCount).toBe(1);
    // The name is free again.
    expect(code(await (await bot()).call('player:join', { pin, nickname: 'Gone' }))).toBe('OK');
  });

  it('one socket joining under name after name leaves no seats behind', async () => {
    const { pin } = await room();
    const b = await bot();
    for (let i = 0; i < 5; i++) expectOk(await b.call('player:join', { pin, nickname: `Fake ${i}` }));
    await sleep(1600);
    expect(await app.game.store.playerCount(pin)).toBe(1);
  });

  it('a phone that goes while its join is in flight drops out too, and is not left connected', async () => {
    // The store's join holds its answer until the phone has gone: the socket's disconnect comes before
    // the join knows its player, so only the join itself can let that seat go.
    const store = createMemoryStore();
    const joinRoom = store.joinRoom.bind(store);
    let joined!: () => void;
    const inJoin = new Promise<void>((r) => (joined = r));
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    store.joinRoom = async (...args) => {
      const res = await joinRoom(...args);
      joined();
      await held;
      return res;
    };
    const own = await startServer(buildApp, { store, config: { lobbyGraceSeconds: 1, presenceGraceMs: 0 } });
    try {
      const host = new Bot(own.url, { localAddress: '127.0.8.1' });
      const phone = new Bot(own.url, { localAddress: '127.0.8.2' });
      bots.push(host, phone);
      await Promise.all([host.connected(), phone.connected()]);
      const c = expectOk(await host.call<{ hostToken: string; state: HostState }>('host:create', { deckId: 'test-deck' }));
      const pin = c.state.pin;
      const answered = phone.call('player:join', { pin, nickname: 'Leaving' }).catch(() => null);
      await inJoin;
      const [seated] = await store.listPlayers(pin);
      expect(await store.onlinePlayers(pin)).toEqual([seated.id]);
      phone.close();
      await sleep(200);
      release();
      // The phone's call fails: its socket is gone.
      expect(await answered).toBeNull();
      await sleep(1600);
      expect(await store.onlinePlayers(pin)).toEqual([]);
      expect(await store.playerCount(pin)).toBe(0);
      expect(left(host)).toEqual([seated.id]);
    } finally {
      await own.app.close();
    }
  });

  it('a running game keeps a player whose phone has gone', async () => {
    const { host, pin, auth } = await room();
    const p = await bot();
    expectOk(await p.call('player:join', { pin, nickname: 'Stays' }));
    expectOk(await host.call('host:start', auth));
    p.close();
    await sleep(1600);
    expect(await app.game.store.playerCount(pin)).toBe(1);
    expect(left(host)).toEqual([]);
  });
});
