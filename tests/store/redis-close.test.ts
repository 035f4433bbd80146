/**
 * closeClient (server/store/redis.ts), which every Redis client of the app goes through on close: it
 * must end even when a command never gets its reply. It used to call node-redis's destroy() after
 * close(), which throws ClientClosedError there, so its promise never settled: app.close() hung (the
 * Redis outage test's afterAll timed out when a step failed while Redis was down) and the error was
 * uncaught. Each case checks that closing ends, that the waiting command is rejected (not left
 * pending), and (vitest fails the file on any uncaught error) that nothing is thrown.
 */
import net from 'node:net';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeClient } from '../../server/store/redis.js';
import { startRedis, type TestRedis } from '../helpers/redis-server.js';

let redis: TestRedis;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
});

const FORCE_MS = 200;
/** Far above FORCE_MS: only a close that never ends misses it. */
const BOUND_MS = 5000;

async function closes(client: Parameters<typeof closeClient>[0]): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<string>((resolve) => (timer = setTimeout(() => resolve(`still closing after ${BOUND_MS} ms`), BOUND_MS)));
  const out = await Promise.race([closeClient(client, FORCE_MS).then(() => 'closed'), bound]);
  clearTimeout(timer);
  return out;
}

const settled = (p: Promise<unknown>) =>
  Promise.race([p.then(() => 'fulfilled', (e: Error) => `rejected: ${e.name}`), new Promise((r) => setImmediate(() => r('pending')))]);

describe('closeClient', () => {
  it('closes at once when no command is waiting', async () => {
    const client = createClient({ url: redis.url });
    client.on('error', () => {});
    await client.connect();
    await client.ping();
    expect(await closes(client)).toBe('closed');
    expect(client.isOpen).toBe(false);
  });

  it('ends when a reply does not come (a command Redis holds): the command is rejected', async () => {
    const key = `${redis.prefix}close:blocked`;
    const client = createClient({ url: redis.url });
    client.on('error', () => {});
    await client.connect();
    const blocked = client.blPop(key, 0); // no reply until someone pushes to the key
    expect(await closes(client)).toBe('closed');
    expect(await settled(blocked)).toMatch(/^rejected/);
    // Release Redis's side of the connection (a shared REDIS_URL server keeps it otherwise).
    const other = createClient({ url: redis.url });
    other.on('error', () => {});
    await other.connect();
    await other.lPush(key, 'x');
    await other.del(key);
    await closeClient(other);
  });

  it('ends when a command waits in the offline queue for a reconnect (Redis went away)', async () => {
    // The client reaches Redis through a TCP relay this test can cut: the cut is the outage.
    const relayed = new Set<net.Socket>();
    const target = new URL(redis.url);
    const relay = net.createServer((inbound) => {
      const outbound = net.connect(Number(target.port), target.hostname);
      for (const s of [inbound, outbound]) {
        relayed.add(s);
        s.on('error', () => {});
        s.on('close', () => (s === inbound ? outbound : inbound).destroy());
      }
      inbound.pipe(outbound).pipe(inbound);
    });
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    const { port } = relay.address() as net.AddressInfo;
    const client = createClient({ url: `redis://127.0.0.1:${port}`, socket: { reconnectStrategy: () => 100 } });
    client.on('error', () => {});
    await client.connect();
    await client.ping();
    await new Promise<void>((resolve) => {
      relay.close(() => resolve()); // refuses the reconnects...
      for (const s of relayed) s.destroy(); // ...once the open connection is cut
    });
    const end = Date.now() + BOUND_MS;
    while (client.isReady && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
    expect(client.isReady, 'the client saw its connection drop').toBe(false);
    const queued = client.get(`${redis.prefix}close:queued`); // offline queue: sent after a reconnect
    expect(await closes(client)).toBe('closed');
    expect(await settled(queued)).toMatch(/^rejected/);
  });
});
