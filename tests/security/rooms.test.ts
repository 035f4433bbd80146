/**
 * Room caps and lobby expiry against a real server: past the cap host:create answers SERVER_BUSY
 * until a room ends; a lobby whose host has gone and that nobody joined is dropped after the idle
 * time, while one with a host or a player stays.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.js';
import type { Ack, HostState } from '../../shared/protocol.js';
import { Bot, expectOk } from '../helpers/bot.js';
import { startServer } from '../helpers/server.js';

let app: FastifyInstance;
let url: string;
const bots: Bot[] = [];
beforeAll(async () => {
  ({ app, url } = await startServer(buildApp, { security: { maxRoomsPerProcess: 3, lobbyIdleMs: 800 } }));
});
afterAll(async () => {
  bots.forEach((b) => b.close());
  await app?.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const code = (a: Ack) => (a.ok ? 'OK' : a.error.code);
let n = 1;
async function bot(): Promise<Bot> {
  const b = new Bot(url, { localAddress: `127.0.8.${n++}` });
  bots.push(b);
  await b.connected();
  return b;
}
async function create(host: Bot) {
  const c = expectOk(await host.call<{ hostToken: string; state: HostState }>('host:create', { deckId: 'test-deck' }));
  return { pin: c.state.pin, auth: { pin: c.state.pin, hostToken: c.hostToken } };
}

describe('room caps and idle lobbies', () => {
  it('caps the rooms of a process; an ended room frees its place; idle lobbies expire, others stay', { timeout: 30_000 }, async () => {
    const withHost = await bot();
    const kept = await create(withHost);
    const withPlayer = await bot();
    const joined = await create(withPlayer);
    expectOk(await (await bot()).call('player:join', { pin: joined.pin, nickname: 'Stays' }));
    const leaving = await bot();
    const idle = await create(leaving);

    const refused = await (await bot()).call('host:create', { deckId: 'test-deck' });
    expect(refused).toEqual({ ok: false, error: { code: 'SERVER_BUSY', message: 'This server is running as many games as it can — try again in a few minutes.' } });

    // The idle lobby's host leaves: it is dropped after the idle time, and its place is free again.
    leaving.close();
    withPlayer.close();
    const t0 = Date.now();
    while ((await app.game.store.getRoom(idle.pin)) && Date.now() - t0 < 5000) await sleep(100);
    expect(await app.game.store.getRoom(idle.pin)).toBeNull();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(700);
    expect(app.rooms.expired).toBe(1);
    // A lobby with its host, and one a player joined (host gone), both stay.
    expect(await app.game.store.getRoom(kept.pin)).not.toBeNull();
    expect(await app.game.store.getRoom(joined.pin)).not.toBeNull();

    const next = await bot();
    const third = await create(next);
    expect(code(await (await bot()).call('host:create', { deckId: 'test-deck' }))).toBe('SERVER_BUSY');
    // Ending a game frees its place at the next sweep.
    expectOk(await next.call('host:end', third.auth));
    const t1 = Date.now();
    let again: Ack = { ok: false, error: { code: 'SERVER_BUSY', message: '' } };
    while (!again.ok && Date.now() - t1 < 5000) {
      await sleep(200);
      again = await (await bot()).call('host:create', { deckId: 'test-deck' });
    }
    expect(code(again)).toBe('OK');
  });
});
