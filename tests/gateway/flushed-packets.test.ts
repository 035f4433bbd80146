/**
 * server/gateway/frames.ts releaseFlushedPackets: each write buffer engine.io flushes is emptied once its
 * transport has taken the packets (so a dropped buffer that V8 already moved to the old generation does not
 * keep the frames alive through the young generation's collections), every frame still arrives, in order,
 * over websocket and polling, and a transport that writes asynchronously (webtransport) is left alone.
 */
import { EventEmitter } from 'node:events';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { io as connect, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { releaseFlushedPackets, type FlushingEngine } from '../../server/gateway/frames.js';

let http: HttpServer | undefined;
let server: Server | undefined;
let client: Socket | undefined;

afterEach(async () => {
  client?.disconnect();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  http = server = client = undefined;
});

async function start(release: boolean, transports: ('websocket' | 'polling')[]) {
  http = createServer();
  server = new Server(http, { transports: ['polling', 'websocket'], serveClient: false });
  if (release) releaseFlushedPackets(server.engine as unknown as FlushingEngine);
  // Every buffer engine.io flushes, as its 'flush' event hands it over (listener added after the release's).
  const flushed: unknown[][] = [];
  server.engine.on('flush', (_socket: unknown, buffer: unknown[]) => flushed.push(buffer));
  await new Promise<void>((r) => http!.listen(0, '127.0.0.1', r));
  const got: number[] = [];
  client = connect(`http://127.0.0.1:${(http.address() as AddressInfo).port}`, { transports, upgrade: false, forceNew: true, reconnection: false });
  client.on('n', (n: number) => got.push(n));
  await new Promise<void>((resolve, reject) => {
    client!.once('connect', resolve);
    client!.once('connect_error', reject);
  });
  const socket = [...server.of('/').sockets.values()][0];
  return { socket, flushed, got };
}

describe('flushed write buffers', () => {
  for (const transport of ['websocket', 'polling'] as const) {
    it(`are emptied once sent, and every frame arrives in order (${transport})`, async () => {
      const { socket, flushed, got } = await start(true, [transport]);
      for (let n = 0; n < 50; n++) {
        socket.emit('n', n);
        if (n % 10 === 9) await new Promise((r) => setTimeout(r, 20));
      }
      await expect.poll(() => got.length, { timeout: 5000 }).toBe(50);
      expect(got).toEqual(Array.from({ length: 50 }, (_, i) => i));
      expect(flushed.length).toBeGreaterThan(0);
      expect(flushed.filter((b) => b.length > 0)).toEqual([]);
    });
  }

  it('keep their packets without the release (what it changes)', async () => {
    const { socket, flushed, got } = await start(false, ['websocket']);
    socket.emit('n', 1);
    await expect.poll(() => got.length, { timeout: 5000 }).toBe(1);
    expect(flushed.some((b) => b.length > 0)).toBe(true);
  });

  it('are left alone on a transport that writes after send returns, and installed once per engine', () => {
    const engine = new EventEmitter();
    releaseFlushedPackets(engine as unknown as FlushingEngine);
    releaseFlushedPackets(engine as unknown as FlushingEngine);
    expect(engine.listenerCount('flush')).toBe(1);
    const wt = ['a'];
    engine.emit('flush', { transport: { name: 'webtransport' } }, wt);
    engine.emit('drain', {});
    expect(wt).toEqual(['a']);
    const ws = ['b'];
    engine.emit('flush', { transport: { name: 'websocket' } }, ws);
    engine.emit('drain', {});
    expect(ws).toEqual([]);
    releaseFlushedPackets(undefined);
  });
});

describe('the release’s own cost', () => {
  it('allocates nothing per frame once warm: the list of flushed buffers keeps its store', async () => {
    const { allocStats } = await import('../../bench/alloc-stats.js');
    const socket = { transport: { name: 'websocket' } };
    const buffers = Array.from({ length: 100 }, () => [] as unknown[]);
    const frames = (engine: EventEmitter, n: number) => {
      for (let i = 0; i < n; i++) {
        const b = buffers[i % 100];
        b.push('x');
        engine.emit('flush', socket, b);
        engine.emit('drain', socket);
      }
    };
    // The release, and the same work without its list: each flushed buffer emptied at the drain after it.
    const released = new EventEmitter();
    releaseFlushedPackets(released as unknown as FlushingEngine);
    let last: unknown[] | undefined;
    const plain = new EventEmitter();
    plain.on('flush', (_s: unknown, b: unknown[]) => void (last = b));
    plain.on('drain', () => void (last!.length = 0));
    const perFrame = (engine: EventEmitter) => {
      const a = allocStats();
      a.reset();
      frames(engine, 100_000);
      return a.read()!.allocatedBytes / 100_000;
    };
    frames(released, 20_000); // warm: compiled, the buffers' own stores grown
    frames(plain, 20_000);
    const withList = perFrame(released);
    const without = perFrame(plain);
    expect(buffers.every((b) => b.length === 0)).toBe(true);
    // A list emptied with `length = 0` dropped its store and allocated a new one (152 B) at the next frame's push.
    expect(withList - without).toBeLessThan(40);
  });
});
