/**
 * Client events reach their handlers through one middleware per socket (server/gateway/socket-events.ts),
 * not an EventEmitter listener per event name: a connected socket holds only its own events' listeners
 * (disconnect, disconnecting), and every client event (the game's and the learning plugin's) is still
 * answered; an event no handler knows still reaches the socket's own listeners; an event of a socket that
 * has disconnected is dropped, as Socket.IO's dispatch drops it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Ack } from '../../shared/protocol.js';
import { buildApp } from '../../server/app.js';
import { ClientEvents } from '../../server/gateway/ack.js';
import { SocketEvents } from '../../server/gateway/socket-events.js';
import type { GameSocket } from '../../server/gateway/types.js';
import { Bot } from '../helpers/bot.js';
import { startServer } from '../helpers/server.js';

let app: FastifyInstance | undefined;
const bots: Bot[] = [];
afterEach(async () => {
  for (const b of bots.splice(0)) b.socket.disconnect();
  await app?.close();
  app = undefined;
});

const log = { error: () => {} };
const code = (a: Ack) => (a.ok ? 'OK' : a.error.code);

describe('client events through one middleware per socket', () => {
  it('a connected socket holds no listener per client event, and every client event is still answered', async () => {
    const s = await startServer(buildApp);
    app = s.app;
    const bot = new Bot(s.url);
    bots.push(bot);
    await bot.connected();
    const [socket] = [...s.app.io.of('/').sockets.values()];
    const names = socket.eventNames().map(String);
    // Before: room:check, player:join, host:create… (some 28 listeners on every socket).
    expect(names.filter((n) => n.includes(':'))).toEqual([]);
    expect(names.length).toBeLessThanOrEqual(4);
    expect(socket.listenerCount('disconnect')).toBeGreaterThan(0);
    // A game event and a learning event (each plugin's handlers), and a refusal from the ack path.
    expect(code(await bot.call('room:check', { pin: '000000' }))).toBe('ROOM_NOT_FOUND');
    expect(code(await bot.call('practice:resume', { token: 'x'.repeat(32) }))).not.toBe('OK');
    expect(code(await bot.call('room:check', { pin: 'nope' }))).toBe('BAD_REQUEST');
  });

  it('an event no handler knows goes on to the socket’s own listeners', async () => {
    const s = await startServer(buildApp);
    app = s.app;
    s.app.io.on('connection', (socket) => (socket as unknown as { on(e: string, f: (p: unknown, ack: (r: unknown) => void) => void): void }).on('test:echo', (p, ack) => ack({ ok: true, echo: p })));
    const bot = new Bot(s.url);
    bots.push(bot);
    await bot.connected();
    expect(await bot.call('test:echo' as never, { a: 1 })).toEqual({ ok: true, echo: { a: 1 } });
  });

  it('hands the listener the socket, the payload and the ack; drops the event once the socket has disconnected', async () => {
    const seen: [unknown, unknown][] = [];
    const events = new ClientEvents({}, log).onSocket('disconnect', () => {});
    events.on('room:check', async (socket, payload) => {
      seen.push([socket.id, payload]);
      return { deckTitle: 't', phase: 'lobby' };
    });
    let middleware!: (packet: unknown[], next: () => void) => void;
    const on: string[] = [];
    const socket = {
      id: 's1',
      connected: true,
      data: { tokens: 30, refilledAt: Date.now() },
      handshake: { address: '127.0.0.1' },
      on: (event: string) => void on.push(event),
      use: (fn: typeof middleware) => void (middleware = fn),
    } as unknown as GameSocket & { connected: boolean };
    const table = new SocketEvents().add(events);
    expect(table.names).toEqual(['room:check']);
    table.attach(socket);
    expect(on).toEqual(['disconnect']);
    const ack = await new Promise((resolve) => middleware(['room:check', { pin: '123456' }, resolve, 'extra'], () => resolve('next')));
    expect(ack).toEqual({ ok: true, deckTitle: 't', phase: 'lobby' });
    expect(seen).toEqual([['s1', { pin: '123456' }]]);
    let passed = 0;
    middleware(['other:event', {}], () => passed++);
    expect(passed).toBe(1);
    socket.connected = false;
    middleware(['room:check', { pin: '123456' }, () => passed++], () => passed++);
    await new Promise((r) => setImmediate(r));
    expect(seen).toHaveLength(1);
    expect(passed).toBe(1);
  });

  it('refuses a second handler for the same client event', () => {
    const a = new ClientEvents({}, log).on('room:check', async () => ({}));
    const b = new ClientEvents({}, log).on('room:check', async () => ({}));
    const table = new SocketEvents().add(a);
    expect(() => table.add(b)).toThrow(/room:check/);
  });
});
