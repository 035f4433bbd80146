/**
 * A connection's connect point is taken when it opens (engine.io's handshake), not when its Socket.IO
 * connect arrives a client round trip later (security plugin, Guard.opened): with Redis the take's round
 * trip overlaps the client's. The point is the connection's: its socket uses it and takes no second one;
 * a connection that never sends its Socket.IO connect has spent its point all the same; a refusal still
 * reaches the client as the connect's error, RATE_LIMITED with the seconds to wait.
 */
import type { FastifyInstance } from 'fastify';
import { Manager, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type AppOptions } from '../../server/app.js';
import { securitySettings } from '../../server/security/settings.js';
import { deleteKeys, rawClient, startRedis, type RawRedisClient, type TestRedis } from '../helpers/redis-server.js';
import { startServer } from '../helpers/server.js';

let redis: TestRedis;
let client: RawRedisClient;
const apps: FastifyInstance[] = [];
const managers: Manager[] = [];
beforeAll(async () => {
  redis = await startRedis();
  client = await rawClient(redis.url);
});
afterAll(async () => {
  for (const m of managers) m.engine?.close();
  await Promise.all(apps.map((a) => a.close()));
  client?.destroy();
  await deleteKeys(redis.url, redis.prefix);
  await redis?.stop();
});

const security = { limits: { ...securitySettings().limits, connect: { steady: { points: 2, seconds: 60 } } } };

/** A client's connection from `localAddress`, opened without a socket on it yet. */
async function openConnection(url: string, localAddress: string): Promise<Manager> {
  const m = new Manager(url, { transports: ['websocket'], reconnection: false, autoConnect: false, localAddress } as never);
  managers.push(m);
  await new Promise<void>((resolve, reject) => m.open((err) => (err ? reject(err) : resolve())));
  return m;
}

/** The socket of `m`'s connection: 'OK', or the code of its connect error. */
function connectOn(m: Manager): Promise<{ result: string; data?: { code: string; retryAfterSec: number } }> {
  const s: Socket = m.socket('/');
  s.connect();
  return new Promise((resolve) => {
    s.once('connect', () => resolve({ result: 'OK' }));
    s.once('connect_error', (e: Error & { data?: { code: string; retryAfterSec: number } }) => resolve({ result: e.data?.code ?? e.message, data: e.data }));
  });
}

let n = 0;
async function server(opts: AppOptions): Promise<string> {
  const { app, url } = await startServer(buildApp, { security, ...opts });
  apps.push(app);
  return url;
}

describe.each([
  ['memory', () => ({})],
  ['redis', () => ({ redisUrl: redis.url, redisPrefix: `${redis.prefix}cp${++n}:` })],
] as const)('the connect point (%s)', (_store, opts) => {
  it('is spent by a connection that never sends its Socket.IO connect: two more, and the third socket is refused', async () => {
    const url = await server(opts());
    const addr = `127.0.31.${n + 10}`;
    await openConnection(url, addr); // a handshake, and no socket on it
    const a = await connectOn(await openConnection(url, addr));
    const b = await connectOn(await openConnection(url, addr));
    expect([a.result, b.result]).toEqual(['OK', 'RATE_LIMITED']);
    expect(b.data?.retryAfterSec).toBeGreaterThan(0);
  });

  it('one point a connection: its socket takes no second one', async () => {
    const url = await server(opts());
    const addr = `127.0.32.${n + 10}`;
    const results = [];
    for (let i = 0; i < 3; i++) results.push((await connectOn(await openConnection(url, addr))).result);
    expect(results).toEqual(['OK', 'OK', 'RATE_LIMITED']);
  });
});

it('with Redis the point is in Redis once the connection has opened, before its socket connects', async () => {
  const prefix = `${redis.prefix}early:`;
  const url = await server({ redisUrl: redis.url, redisPrefix: prefix });
  const addr = '127.0.33.9';
  const m = await openConnection(url, addr);
  const key = `${prefix}rl:connect:s:${addr}`;
  // The take goes out within the connect window (a few ms) of the handshake.
  let taken: string | null = null;
  for (let i = 0; i < 100 && taken === null; i++) {
    taken = await client.get(key);
    if (taken === null) await new Promise((r) => setTimeout(r, 10));
  }
  expect(taken).toBe('1');
  expect((await connectOn(m)).result).toBe('OK');
  expect(await client.get(key)).toBe('1');
});
