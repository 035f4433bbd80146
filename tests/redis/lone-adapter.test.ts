/**
 * The Redis adapter of a process alone on Redis (server/plugins/redis-adapter.ts): its room broadcasts
 * reach its own sockets without a Redis publish; a second process announces itself before it accepts
 * sockets, and from that moment the first publishes again (the second's phones miss nothing); once the
 * second has gone a count makes the first alone again; a count asked before an announcement cannot undo
 * it; and while its subscriber is down a process publishes (back, it announces itself again).
 */
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { io as ioc, type Socket as ClientSocket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLoneAwareAdapter, type LoneAwareAdapter } from '../../server/plugins/redis-adapter.js';
import { closeClient } from '../../server/store/redis.js';
import { rawClient, startRedis, type RawRedisClient, type TestRedis } from '../helpers/redis-server.js';
import { waitFor } from './phones.js';

let redis: TestRedis;
let spy: RawRedisClient;
/** Room broadcasts published on Redis (the adapter's `…socket.io#/#<room>#` channels). */
let published: string[] = [];
const closers: (() => Promise<void>)[] = [];

beforeAll(async () => {
  redis = await startRedis();
  spy = await rawClient(redis.url);
  await spy.pSubscribe(`${redis.prefix}socket.io#/#*`, (_msg, channel) => published.push(channel));
});
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
  published = [];
});
afterAll(async () => {
  spy?.destroy();
  await redis?.stop();
});

interface Proc {
  url: string;
  io: Server;
  adapter: LoneAwareAdapter;
  pub: RawRedisClient;
  sub: RawRedisClient;
  /** The subscriber's connection id (CLIENT ID, read before it subscribed). */
  subId: number;
  close(): Promise<void>;
}

/** A Socket.IO server on the adapter, announced before it listens; `join` puts a socket in a room. */
async function start(recountMs = 60_000): Promise<Proc> {
  const pub = await rawClient(redis.url);
  const sub = await rawClient(redis.url);
  const subId = await sub.clientId();
  const http: HttpServer = createServer();
  const io = new Server(http, { transports: ['websocket'] });
  io.adapter(createLoneAwareAdapter(pub, sub, { key: `${redis.prefix}socket.io`, publishOnSpecificResponseChannel: true, recountMs }));
  const adapter = io.of('/').adapter as unknown as LoneAwareAdapter;
  await adapter.announce();
  io.on('connection', (socket) => {
    socket.on('join', (room: string, ack: () => void) => {
      void socket.join(room);
      ack();
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await new Promise<void>((resolve) => io.close(() => resolve()));
    // The adapter's close unsubscribes without waiting: close() lets those replies come first.
    await Promise.all([closeClient(pub), closeClient(sub)]);
  };
  closers.push(close);
  return { url, io, adapter, pub, sub, subId, close };
}

/**
 * Every broadcast `p` has published so far has reached the spy: a marker published after them on the same
 * connection (Redis delivers one connection's publishes in order) has. The markers are left out of `published`.
 */
async function settled(p: Proc): Promise<string[]> {
  const marker = `${redis.prefix}socket.io#/#marker-${Math.random()}#`;
  await p.pub.publish(marker, 'm');
  await waitFor(() => published.includes(marker), 'the marker');
  return published.filter((c) => !c.includes('#marker-'));
}

/** A phone in `room` on `p`, recording the `x` events it gets. */
async function phone(p: Proc, room: string): Promise<{ got: number[] }> {
  const socket: ClientSocket = ioc(p.url, { transports: ['websocket'], forceNew: true });
  closers.push(async () => void socket.close());
  const got: number[] = [];
  socket.on('x', (n: number) => got.push(n));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect_error', reject);
    socket.once('connect', () => socket.emit('join', room, resolve));
  });
  return { got };
}

describe('the Redis adapter of a process alone on Redis', () => {
  it('publishes no room broadcast while alone, and its own sockets get every one', async () => {
    const a = await start();
    const p = await phone(a, 'r:1');
    expect(a.adapter.publishing).toBe(false);
    for (let i = 0; i < 5; i++) a.io.to('r:1').emit('x', i);
    await waitFor(() => p.got.length === 5, 'the five broadcasts');
    expect(p.got).toEqual([0, 1, 2, 3, 4]);
    expect(await settled(a)).toEqual([]);
  });

  it("a process that starts is heard before it takes sockets: the other's next broadcast reaches its phones", async () => {
    const a = await start();
    expect(a.adapter.publishing).toBe(false);
    const b = await start(); // no count of a's runs in between (recountMs 60 s): only b's announcement
    expect(a.adapter.publishing).toBe(true);
    const onB = await phone(b, 'r:2');
    const onA = await phone(a, 'r:2');
    a.io.to('r:2').emit('x', 7);
    b.io.to('r:2').emit('x', 8);
    await waitFor(() => onB.got.length === 2 && onA.got.length === 2, 'both broadcasts on both processes');
    expect(onB.got.sort()).toEqual([7, 8]);
    expect(onA.got.sort()).toEqual([7, 8]);
    await settled(b);
    expect(await settled(a)).toEqual([`${redis.prefix}socket.io#/#r:2#`, `${redis.prefix}socket.io#/#r:2#`]);

    // b goes: the next count makes a alone again.
    await b.close();
    await a.adapter.recount();
    expect(a.adapter.publishing).toBe(false);
  });

  it('a count asked before an announcement arrived cannot make the process alone', async () => {
    const a = await start();
    a.adapter.heardOther();
    const counting = a.adapter.recount(); // Redis will say: one process
    a.adapter.heardOther(); // …but an announcement is handled before the reply
    await counting;
    expect(a.adapter.publishing).toBe(true);
    await a.adapter.recount();
    expect(a.adapter.publishing).toBe(false);
  });

  it('publishes while its subscriber is down (it could not hear an announcement); back, it announces itself again and counts', async () => {
    const a = await start();
    const p = await phone(a, 'r:3');
    expect(a.adapter.publishing).toBe(false);
    const killer = await rawClient(redis.url);
    closers.push(async () => killer.destroy());
    // The announcements on the adapter's request channel (server-side emits, JSON); a pattern subscription,
    // which the processes' count (PUBSUB NUMSUB) leaves out.
    const hellos: string[] = [];
    const listener = killer.duplicate();
    await listener.connect();
    closers.push(async () => listener.destroy());
    await listener.pSubscribe(`${redis.prefix}socket.io-request#/#`, (msg) => {
      if (msg.includes('"cram:hello"')) hellos.push(msg);
    });
    // At the subscriber's error (its listener runs after the adapter's): publishing, and a broadcast goes out.
    const whileDown: boolean[] = [];
    a.sub.once('error', () => {
      whileDown.push(a.adapter.publishing);
      a.io.to('r:3').emit('x', 1);
    });
    await killer.sendCommand(['CLIENT', 'KILL', 'ID', String(a.subId)]);
    await waitFor(() => whileDown.length === 1, 'the subscriber to notice');
    expect(whileDown).toEqual([true]);
    expect(await settled(a)).toEqual([`${redis.prefix}socket.io#/#r:3#`]);
    // Reconnected and resubscribed: the count on 'ready' makes it alone again.
    await waitFor(() => a.sub.isReady && !a.adapter.publishing, 'alone again after the reconnect');
    // …and back, it announced itself again: another process may have counted itself alone meanwhile.
    await waitFor(() => hellos.length === 1, 'the announcement after the reconnect');
    await waitFor(() => p.got.length === 1, 'the local phone got it');
  });
});
