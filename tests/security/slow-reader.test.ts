/**
 * Slow readers against a real server: a host socket that stops reading (its TCP receive window
 * fills) while it keeps sending host:resume is cut off once its send queue passes the limit, the
 * server's memory stays bounded, and a bystander's ack stays fast. And no acknowledgement grows
 * with the room: host:resume for a room of 2,000 players carries the newest 300 names and the count
 * (tests/integration/host-state.test.ts has 300 and 10,000).
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.js';
import { randomToken } from '../../server/util/random.js';
import type { HostState } from '../../shared/protocol.js';
import { Bot, expectOk } from '../helpers/bot.js';
import { startServer } from '../helpers/server.js';

let app: FastifyInstance;
let url: string;
const bots: Bot[] = [];
beforeAll(async () => {
  ({ app, url } = await startServer(buildApp, { config: { maxSocketBufferKb: 256 } }));
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

/** Seats `n` players straight in the store (the join path is tested elsewhere; this is about what a host receives). */
async function seat(pin: string, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const name = `Player number ${String(i).padStart(5, '0')}`;
    const res = await app.game.store.addPlayer(pin, { id: `p${i}`, name, key: name.toLowerCase(), token: randomToken(), joinedAt: Date.now(), score: 0, streak: 0, correct: 0, correctTimeMs: 0, kicked: false }, 100_000);
    expect(res.status).toBe('ok');
  }
}

describe('slow readers and acknowledgement size', () => {
  let pin: string;
  let auth: { pin: string; hostToken: string };

  beforeAll(async () => {
    const host = await bot('127.0.5.1');
    const c = expectOk(await host.call<{ hostToken: string; state: HostState }>('host:create', { deckId: 'test-deck' }));
    pin = c.state.pin;
    auth = { pin, hostToken: c.hostToken };
    await seat(pin, 2000);
  });

  it('host:resume of a room of 2,000 carries the newest 300 names and the full count, in a bounded ack', async () => {
    const b = await bot('127.0.5.2');
    const r = expectOk(await b.call<{ state: HostState }>('host:resume', auth));
    expect(r.state.playerCount).toBe(2000);
    expect(r.state.players).toHaveLength(300);
    expect(r.state.players.at(-1)!.name).toBe('Player number 01999');
    expect(JSON.stringify(r).length).toBeLessThan(40_000);
  });

  it('a socket that never reads is cut off; memory stays bounded; a bystander is answered quickly', { timeout: 60_000 }, async () => {
    const slow = await bot('127.0.5.3');
    const bystander = await bot('127.0.5.4');
    expectOk(await slow.call('host:resume', auth));
    const rss0 = process.memoryUsage().rss;
    const cutBefore = app.slowReaders.cut;
    // Stop reading: the socket stays open, the server's messages pile up (first in the kernel's buffers, then in the process).
    const raw = (slow.socket.io.engine.transport as unknown as { ws: { _socket: { pause(): void } } }).ws._socket;
    raw.pause();
    const serverSide = () => [...app.io.of('/').sockets.values()].filter((s) => s.data.address === '127.0.5.3');
    expect(serverSide()).toHaveLength(1);
    const id = serverSide()[0].id;
    // What a host screen of a busy room receives, sped up: 2 MB a second of lobby updates.
    const names = Array.from({ length: 2000 }, (_, i) => ({ id: `x${i}`, name: `Player number ${String(i).padStart(5, '0')}` }));
    const started = Date.now();
    while (serverSide().length > 0 && Date.now() - started < 15_000) {
      for (let i = 0; i < 20; i++) app.io.to(id).emit('host:lobby', { joined: names, left: [], count: 2000 });
      const t0 = Date.now();
      expectOk(await bystander.call('room:check', { pin }));
      expect(Date.now() - t0).toBeLessThan(2000);
      await new Promise((r) => setTimeout(r, 1000));
    }
    // Cut off by the send-queue limit, well before the ping timeout (20 s) would have noticed.
    expect(serverSide()).toHaveLength(0);
    expect(app.slowReaders.cut).toBe(cutBefore + 1);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(process.memoryUsage().rss - rss0).toBeLessThan(200 * 1024 * 1024);
    expectOk(await bystander.call('room:check', { pin }));
  });
});
