/**
 * What one Socket.IO connect costs a server, in figures the machine's load does not move: bytes allocated
 * (v8.GCProfiler: the heap's growth between collections), scavenges, promises created (async_hooks, in a run
 * of its own: the hook costs allocations), listeners on each socket and its engine.io connection, and, with
 * --heap, what was allocated by allocating stack (V8's sampling heap profiler, every sampled object).
 * The server runs in a child process (Cram Night's app on the memory store, or the bench's bare Socket.IO
 * server); this process connects N phones (WebSocket only, each from its own loopback address, as the bench's
 * bots do), in rounds, and reads the server's figures over the connects of each round alone.
 *   npx tsx bench/connect-probe.ts [--n 2000] [--rounds 3] [--sides cram,bare] [--promises] [--heap DIR [--top 40]] [--events]
 * --events: then one client event per socket (a refused player:answer: the answer path), measured alone.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createHook } from 'node:async_hooks';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Session } from 'node:inspector';
import v8 from 'node:v8';
import { Server } from 'socket.io';
import type { Socket } from 'socket.io-client';
import { botAddress, connectOne } from './phone.js';
import { optionValue } from './cli-option.js';
import { topFrames } from './heap-sample.js';

interface Figures {
  allocBytes: number;
  scavenges: number;
  promises: number;
  socketListeners: number;
  connListeners: number;
  heapFile?: string;
  top?: [string, number][];
}

async function serverSide(kind: string): Promise<void> {
  let io: Server;
  if (kind === 'bare') {
    const http = createServer();
    io = new Server(http, { serveClient: false, transports: ['websocket'] });
    io.on('connection', (s) => {
      s.on('join', () => {});
      s.on('answer', () => {});
      s.on('answer-lua', () => {});
    });
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    process.send!({ port: (http.address() as AddressInfo).port });
  } else {
    const { buildApp } = await import('../server/app.js');
    const app = await buildApp({ clientDir: 'nonexistent', logger: false });
    await app.listen({ port: 0, host: '127.0.0.1' });
    io = app.io as unknown as Server;
    process.send!({ port: (app.server.address() as AddressInfo).port });
  }
  const countPromises = process.env.PROBE_PROMISES === '1';
  let promises = 0;
  const hook = countPromises ? createHook({ init: (_id, type) => void (type === 'PROMISE' && promises++) }) : undefined;
  const heapDir = process.env.PROBE_HEAP;
  const session = heapDir ? new Session() : undefined;
  session?.connect();
  const post = (m: string, p?: object) => new Promise<unknown>((res, rej) => session!.post(m, p, (e, r) => (e ? rej(e) : res(r))));
  let gc: v8.GCProfiler | undefined;
  let heap0 = 0;
  let seq = 0;
  process.on('message', (m: { cmd: string }) => {
    void (async () => {
      if (m.cmd === 'start') {
        (globalThis as { gc?: () => void }).gc?.();
        if (session) await post('HeapProfiler.startSampling', { samplingInterval: 1024, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
        promises = 0;
        hook?.enable();
        gc = new v8.GCProfiler();
        gc.start();
        heap0 = v8.getHeapStatistics().used_heap_size;
        process.send!({ ok: true });
      } else if (m.cmd === 'stop') {
        const heap1 = v8.getHeapStatistics().used_heap_size;
        const g = gc!.stop() as { statistics: { gcType: string; beforeGC: { heapStatistics: { usedHeapSize: number } }; afterGC: { heapStatistics: { usedHeapSize: number } } }[] };
        hook?.disable();
        let bytes = 0;
        let prev = heap0;
        let scavenges = 0;
        for (const s of g.statistics) {
          bytes += Math.max(0, s.beforeGC.heapStatistics.usedHeapSize - prev);
          prev = s.afterGC.heapStatistics.usedHeapSize;
          if (s.gcType === 'Scavenge') scavenges++;
        }
        bytes += Math.max(0, heap1 - prev);
        const sockets = [...io.of('/').sockets.values()];
        const count = (e: { eventNames(): (string | symbol)[]; listenerCount(n: string | symbol): number }) => e.eventNames().reduce((n, name) => n + e.listenerCount(name), 0);
        const socketListeners = sockets.reduce((n, s) => n + count(s as never), 0) / Math.max(1, sockets.length);
        const connListeners = sockets.reduce((n, s) => n + count(s.conn as never), 0) / Math.max(1, sockets.length);
        const f: Figures = { allocBytes: bytes, scavenges, promises, socketListeners, connListeners };
        if (session) {
          const { profile } = (await post('HeapProfiler.stopSampling')) as { profile: { head: Parameters<typeof topFrames>[0] } };
          f.heapFile = join(heapDir!, `connect-${kind}-${process.pid}-${seq++}.heapprofile`);
          writeFileSync(f.heapFile, JSON.stringify(profile));
          f.top = topFrames(profile.head).frames.slice(0, 60);
        }
        process.send!(f);
      }
    })();
  });
}

function call<T>(child: ChildProcess, cmd: string): Promise<T> {
  return new Promise((resolve) => {
    child.once('message', (m) => resolve(m as T));
    child.send({ cmd });
  });
}

async function connectAll(url: string, n: number, from: number): Promise<Socket[]> {
  const out: Socket[] = [];
  const BATCH = 100;
  for (let i = 0; i < n; i += BATCH) {
    const batch = await Promise.all(Array.from({ length: Math.min(BATCH, n - i) }, (_, j) => connectOne(url, botAddress(from + i + j))));
    out.push(...batch);
  }
  return out;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const opt = (name: string, d: string) => optionValue(args, name, d);
  const n = Number(opt('--n', '2000'));
  const rounds = Number(opt('--rounds', '3'));
  const sides = opt('--sides', 'cram,bare').split(',');
  const heap = opt('--heap', '');
  const env = { ...process.env, PROBE_PROMISES: args.includes('--promises') ? '1' : '0', PROBE_HEAP: heap };
  for (const kind of sides) {
    const child = fork(new URL(import.meta.url).pathname, ['server', kind], { execArgv: ['--import', 'tsx', '--expose-gc'], env });
    const { port } = await new Promise<{ port: number }>((r) => child.once('message', (m) => r(m as { port: number })));
    const url = `http://127.0.0.1:${port}`;
    for (let r = 0; r < rounds; r++) {
      await call(child, 'start');
      const sockets = await connectAll(url, n, r * n);
      await new Promise((res) => setTimeout(res, 200));
      const f = await call<Figures>(child, 'stop');
      console.log(
        `${kind} round ${r + 1}: per connect ${(f.allocBytes / n / 1024).toFixed(2)} KB allocated, scavenges ${f.scavenges}, promises ${(f.promises / n).toFixed(2)}, listeners per socket ${f.socketListeners.toFixed(1)}, per engine.io connection ${f.connListeners.toFixed(1)}${f.heapFile ? `, heap profile ${f.heapFile}` : ''}`,
      );
      if (f.top) for (const [k, v] of f.top.slice(0, Number(opt('--top', '0')))) console.log(`    ${(v / n).toFixed(0).padStart(6)} B  ${k}`);
      if (args.includes('--events')) {
        // Then one event per socket (player:answer for a room it is not in: the answer path, refused), by itself.
        await call(child, 'start');
        const acks = await Promise.all(sockets.map((s) => s.timeout(10_000).emitWithAck('player:answer', { pin: '123456', index: 0, answer: { type: 'truefalse', value: true } }) as Promise<{ ok: boolean; error?: { code: string } }>));
        await new Promise((res) => setTimeout(res, 200));
        const e = await call<Figures>(child, 'stop');
        console.log(`${kind} round ${r + 1} events: per event ${(e.allocBytes / n).toFixed(0)} B allocated, promises ${(e.promises / n).toFixed(2)}, acks ${acks.filter((a) => a && !a.ok).length} refused (${acks[0]?.error?.code})`);
        if (e.top) for (const [k, v] of e.top.slice(0, Number(opt('--top', '0')))) console.log(`    ${(v / n).toFixed(0).padStart(6)} B  ${k}`);
      }
      for (const s of sockets) s.disconnect();
      await new Promise((res) => setTimeout(res, 500));
    }
    child.kill();
  }
  process.exit(0);
}

if (process.argv[2] === 'server') await serverSide(process.argv[3] ?? 'cram');
else await main();
