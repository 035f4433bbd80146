/**
 * npx tsx bench/idle-frames.ts — frames to sockets that idle between them, as phones do in a game: how many
 * bytes each frame leaves in V8's old generation (promoted), and the scavenges' pauses, with and without
 * server/gateway/frames.ts releaseFlushedPackets (RELEASE=1). A bare Socket.IO server in this process
 * (websocket, as the app), PHONES clients in a child process on 127.0.0.1. Every 20 ms, PER sockets in turn
 * get one ~1 KB frame, so each socket idles PHONES / PER × 20 ms between frames; JUNK_KB of short-lived
 * garbage per 20 ms sets the scavenges' rhythm (S4 classroom: one every ~0.4 s). Runs SECS seconds, prints one
 * JSON line. HEAP_PROF=DIR also prints the promoted bytes per frame by allocating frame (bench/heap-sample.ts).
 *   PHONES=2000 PER=20 JUNK_KB=500 SECS=10 RELEASE=1 npx tsx bench/idle-frames.ts
 */
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PerformanceObserver } from 'node:perf_hooks';
import { getHeapSpaceStatistics } from 'node:v8';
import { Server } from 'socket.io';
import { releaseFlushedPackets, type FlushingEngine } from '../server/gateway/frames.js';
import { heapSampler, topFrames } from './heap-sample.js';
import { pauseSummary } from './proc-stats.js';

const TICK_MS = 20;
const env = (k: string, d: number) => Number(process.env[k] ?? d);

if (process.argv[2] === 'phones') {
  const { io } = await import('socket.io-client');
  const n = Number(process.argv[4]);
  let got = 0;
  for (let i = 0; i < n; i++) io(process.argv[3], { transports: ['websocket'], forceNew: true, reconnection: false }).on('f', () => got++);
  setInterval(() => process.send?.(got), 200);
  process.on('disconnect', () => process.exit(0));
} else {
  const phones = env('PHONES', 2000);
  const per = env('PER', 20);
  const junkKb = env('JUNK_KB', 500);
  const release = process.env.RELEASE === '1';
  const http = createServer();
  const io = new Server(http, { transports: ['websocket'], serveClient: false, pingInterval: 10_000 });
  if (release) releaseFlushedPackets(io.engine as unknown as FlushingEngine);
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  const child = fork(new URL(import.meta.url).pathname, ['phones', `http://127.0.0.1:${(http.address() as AddressInfo).port}`, String(phones)], { execArgv: ['--import', 'tsx'] });
  let got = 0;
  child.on('message', (m) => (got = m as number));
  const limit = Date.now() + 60_000;
  while (io.of('/').sockets.size < phones && Date.now() < limit) await new Promise((r) => setTimeout(r, 200));
  const sockets = [...io.of('/').sockets.values()];
  await new Promise((r) => setTimeout(r, 2000));

  // The old generation's growth, read after each GC (as bench/proc-stats.ts does), and every pause.
  const oldBytes = () => getHeapSpaceStatistics().filter((s) => !s.space_name.startsWith('new_')).reduce((a, s) => a + s.space_used_size, 0);
  const pauses: number[] = [];
  let promoted = 0;
  let oldAt = oldBytes();
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) pauses.push(e.duration);
    const o = oldBytes();
    if (o > oldAt) promoted += o - oldAt;
    oldAt = o;
  }).observe({ entryTypes: ['gc'] });
  const heap = heapSampler(process.env.HEAP_PROF || undefined);
  await heap?.start();

  const pad = 'x'.repeat(900);
  let k = 0;
  const got0 = got;
  const t0 = Date.now();
  await new Promise<void>((done) => {
    const iv = setInterval(() => {
      let junk: { a: number }[] = [];
      for (let j = 0; j < junkKb * 32; j++) junk.push({ a: j });
      junk = [];
      for (let i = 0; i < per; i++) sockets[k++ % sockets.length].emit('f', { n: k, pad: `${pad}${k}` });
      if (Date.now() - t0 >= env('SECS', 10) * 1000) {
        clearInterval(iv);
        done();
      }
      return junk;
    }, TICK_MS);
  });
  await new Promise((r) => setTimeout(r, 500));
  const file = await heap?.stop();
  const g = pauseSummary(pauses);
  console.log(JSON.stringify({ release, phones, per, idleMs: (phones / per) * TICK_MS, frames: k, received: got - got0, promotedPerFrame: Math.round(promoted / k), gcPauses: g.count, gcP50: pauses.sort((a, b) => a - b)[pauses.length >> 1] ?? 0, gcMax: g.max }));
  if (file) for (const [f, b] of topFrames(JSON.parse(readFileSync(file, 'utf8')).head).frames.slice(0, 12)) console.log(String(Math.round(b / k)).padStart(6), 'B/frame', f);
  child.kill();
  process.exit(0);
}
