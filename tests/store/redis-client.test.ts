/**
 * The process's node-redis clients (server/store/redis-client.ts): a burst of commands goes out in a few
 * event-loop turns, each client with its own options as given.
 */
import net from 'node:net';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisClient, WRITE_BATCH_BYTES } from '../../server/store/redis-client.js';
import { startRedis, type TestRedis } from '../helpers/redis-server.js';

let redis: TestRedis;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
});

/**
 * How many times node-redis wrote to a socket connected to `port` while `run` ran: it writes the commands
 * waiting for the socket once per event-loop turn, corked (one `cork` per write), and a turn's write stops at
 * the socket's high-water mark. Counting the writes, not the turns until the replies are in, keeps the figure
 * independent of how fast the Redis server answers: on a loaded machine (a full test run) the replies of the
 * same 2 writes took ~100–600 turns of an idle loop, and a count of turns failed the test.
 */
async function writesDuring(port: number, run: () => Promise<unknown>): Promise<number> {
  const cork = net.Socket.prototype.cork;
  let writes = 0;
  net.Socket.prototype.cork = function (this: net.Socket) {
    if (this.remotePort === port) writes++;
    return cork.call(this);
  };
  try {
    await run();
  } finally {
    net.Socket.prototype.cork = cork;
  }
  return writes;
}

describe('the process’s Redis clients', () => {
  it('write a burst of commands in a few writes, not ~23 commands of ~700 bytes a turn', async () => {
    const client = redisClient({ url: redis.url, socket: {} });
    await client.connect();
    const key = `${redis.prefix}burst`;
    const value = 'v'.repeat(700);
    const n = 2000;
    // 2,000 × ~750 bytes: with Node's 16 KB write mark node-redis wrote ~21 a turn (~95 turns).
    expect(n * 750).toBeLessThan(2 * WRITE_BATCH_BYTES);
    const port = Number(new URL(redis.url).port || 6379);
    const writes = await writesDuring(port, () => Promise.all(Array.from({ length: n }, (_, i) => client.sendCommand(['HSET', key, String(i), value]))));
    expect(writes).toBeGreaterThan(0);
    expect(writes).toBeLessThan(10);
    expect(await client.hLen(key)).toBe(n);
    await client.del(key);
    await client.close();

    // What node-redis does with its defaults (the test's own measure of the above).
    const plain = createClient({ url: redis.url });
    await plain.connect();
    const plainWrites = await writesDuring(port, () => Promise.all(Array.from({ length: n }, (_, i) => plain.sendCommand(['HSET', key, String(i), value]))));
    expect(plainWrites).toBeGreaterThan(60);
    await plain.del(key);
    await plain.close();
  });

  it('each client keeps its options: its socket’s own (the url’s host written into it), the offline queue as asked', async () => {
    const socket = { connectTimeout: 2000 };
    const noQueue = redisClient({ url: redis.url, disableOfflineQueue: true, socket });
    const queued = redisClient({ url: redis.url, socket });
    expect(socket).toEqual({ connectTimeout: 2000 });
    const connecting = [noQueue.connect(), queued.connect()];
    // Connecting, not ready: the first refuses a command at once, the second queues it until it is ready.
    await expect(noQueue.sendCommand(['PING'])).rejects.toThrow(/offline/i);
    await expect(queued.sendCommand(['PING'])).resolves.toBe('PONG');
    await Promise.all(connecting);
    await Promise.all([noQueue.close(), queued.close()]);
  });
});
