/**
 * Per-player frames on Redis (server/gateway/deliver.ts): a process alone on Redis publishes no
 * cross-process message at all, nor asks Redis whether it is alone; once a second process shares the rooms, each close sends it ONE
 * message (not one Redis publish per player), and the phones on both processes get their result.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.js';
import { startServer } from '../helpers/server.js';
import { startRedis, type TestRedis } from '../helpers/redis-server.js';
import { Host, Phone } from './phones.js';

let redis: TestRedis;
const apps: FastifyInstance[] = [];
const people: { close(): void }[] = [];

beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  for (const p of people) p.close();
  for (const app of apps) await app.close();
  await redis?.stop();
});

/** Starts an app on the shared Redis and counts its cross-process deliveries, its Redis publishes and its counts of processes. */
async function start(): Promise<{ url: string; sent: string[]; publishes: () => number; counts: () => number }> {
  const { app, url } = await startServer(buildApp, { redisUrl: redis.url, redisPrefix: redis.prefix });
  apps.push(app);
  const sent: string[] = [];
  const own = app.io.serverSideEmit.bind(app.io);
  app.io.serverSideEmit = ((event: 'cram:deliver', d: { event: string }) => {
    sent.push(d.event);
    return own(event, d as never);
  }) as typeof app.io.serverSideEmit;
  const adapter = app.io.of('/').adapter as unknown as { broadcast: (packet: { data: unknown[] }, opts: { flags?: { local?: boolean } }) => void };
  let published = 0;
  const broadcast = adapter.broadcast.bind(adapter);
  adapter.broadcast = (packet, opts) => {
    if (packet.data[0] === 'player:result' && !opts.flags?.local) published++;
    return broadcast(packet, opts);
  };
  // The deliverer's question "does another process share the rooms?" (one Redis round trip each).
  const counted = adapter as unknown as { serverCount: () => Promise<number> };
  const serverCount = counted.serverCount.bind(adapter);
  let counts = 0;
  counted.serverCount = () => {
    counts++;
    return serverCount();
  };
  return { url, sent, publishes: () => published, counts: () => counts };
}

describe('per-player frames on Redis', () => {
  it('a lone process publishes nothing for them; with two processes each close sends one message and every phone gets its result', async () => {
    const A = await start();
    const host = new Host();
    const ann = new Phone('Ann');
    const ben = new Phone('Ben');
    people.push(host, ann, ben);
    await host.create(A.url, 30);
    await ann.join(A.url, host.pin);

    let view = await host.open('host:start', 0, ann.bot);
    await ann.answer(host.pin, view, true);
    const first = await ann.result(0);
    expect(first.reveal.index).toBe(0);
    expect(A.sent).toEqual([]);
    // Alone, it knows so without asking Redis (server/plugins/redis-adapter.ts).
    expect(A.counts()).toBe(0);

    // A second process joins the room's Redis; Ben's phone is on it.
    const B = await start();
    await ben.join(B.url, host.pin);
    await host.call('host:next');
    view = await host.open('host:next', 1, ann.bot);
    await ann.answer(host.pin, view, true);
    await ben.answer(host.pin, view, false); // the last answer: B or A closes it, whichever runs the close
    const [a, b] = await Promise.all([ann.result(1), ben.result(1)]);
    expect([a.correct, b.correct]).toEqual([true, false]);
    expect(b.reveal).toEqual(a.reveal);
    expect([...A.sent, ...B.sent]).toEqual(['player:result']);
    expect(A.counts() + B.counts()).toBeGreaterThanOrEqual(1);
    expect(A.publishes() + B.publishes()).toBe(0);
  }, 30_000);
});
