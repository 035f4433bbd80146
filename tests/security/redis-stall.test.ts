/**
 * A stalled Redis (TCP up, no replies), through a proxy the test can pause: every store call meets
 * its deadline (STORE_UNAVAILABLE instead of an ack that never comes), /healthz answers within a
 * second, phones get server:status 'unavailable' within a few seconds and 'ok' when Redis answers
 * again, and play resumes.
 */
import type { FastifyInstance } from 'fastify';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.js';
import type { Ack, HostState, ServerStatus } from '../../shared/protocol.js';
import { Bot, expectOk } from '../helpers/bot.js';
import { deleteKeys, startRedis, type TestRedis } from '../helpers/redis-server.js';
import { startServer } from '../helpers/server.js';

/** A TCP proxy to Redis whose replies can be held back (a stall) and let through again. */
async function stallableProxy(target: URL) {
  let stalled = false;
  const pending: { to: net.Socket; data: Buffer }[] = [];
  const sockets: net.Socket[] = [];
  const server = net.createServer((client) => {
    const up = net.connect(Number(target.port), target.hostname);
    sockets.push(client, up);
    client.on('data', (d) => up.write(d));
    up.on('data', (d) => (stalled ? pending.push({ to: client, data: d }) : client.write(d)));
    const end = () => (client.destroy(), up.destroy());
    client.on('error', end).on('close', end);
    up.on('error', end).on('close', end);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `redis://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    stall: () => (stalled = true),
    resume: () => {
      stalled = false;
      for (const p of pending.splice(0)) if (!p.to.destroyed) p.to.write(p.data);
    },
    close: async () => {
      sockets.forEach((s) => s.destroy());
      await new Promise((r) => server.close(r));
    },
  };
}

let redis: TestRedis;
let proxy: Awaited<ReturnType<typeof stallableProxy>>;
let app: FastifyInstance;
let url: string;
const bots: Bot[] = [];
beforeAll(async () => {
  redis = await startRedis();
  proxy = await stallableProxy(new URL(redis.url));
  ({ app, url } = await startServer(buildApp, { redisUrl: proxy.url, redisPrefix: `${redis.prefix}stall:` }));
});
afterAll(async () => {
  bots.forEach((b) => b.close());
  proxy?.resume();
  await app?.close();
  await proxy?.close();
  await deleteKeys(redis.url, redis.prefix);
  await redis?.stop();
});

const code = (a: Ack) => (a.ok ? 'OK' : a.error.code);

describe('a stalled Redis', () => {
  it('refuses within the deadline, tells phones, keeps /healthz quick, and plays on when Redis is back', { timeout: 60_000 }, async () => {
    const host = new Bot(url);
    const phone = new Bot(url);
    bots.push(host, phone);
    await Promise.all([host.connected(), phone.connected()]);
    const c = expectOk(await host.call<{ hostToken: string; state: HostState }>('host:create', { deckId: 'test-deck' }));
    const pin = c.state.pin;
    expectOk(await phone.call('player:join', { pin, nickname: 'Ann' }));

    const down = phone.next<ServerStatus>('server:status', (s) => s.store === 'unavailable', 10_000);
    const t0 = Date.now();
    proxy.stall();
    const ack = await phone.call('room:check', { pin });
    const ackMs = Date.now() - t0;
    expect(code(ack)).toBe('STORE_UNAVAILABLE');
    expect(ackMs).toBeLessThan(7000);
    await down;
    expect(Date.now() - t0).toBeLessThan(8000);

    const h0 = Date.now();
    const health = await fetch(`${url}/healthz`);
    expect(Date.now() - h0).toBeLessThan(1500);
    expect(health.status).toBe(503);

    const up = phone.next<ServerStatus>('server:status', (s) => s.store === 'ok', 15_000);
    proxy.resume();
    await up;
    expectOk(await phone.call('room:check', { pin }));
    expectOk(await host.call('host:start', { pin, hostToken: c.hostToken }));
  });
});
