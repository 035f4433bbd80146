/**
 * npm run bench [-- --players 2000] [--redis]
 * (--redis: the game server uses the Redis store and adapter, on a private redis-server)
 * Seats N bot players in one room, opens a question, every bot answers, and
 * measures seat time, answer-ack latency (p50/p99) and time to reveal. The
 * same N bots also run against a bare Socket.IO echo server in the same run:
 * figures are reported as ratios to that baseline, with the core count.
 * Traffic goes to 127.0.0.1 only; every phase is bounded in time.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import { io, type Socket } from 'socket.io-client';
import { startRedis } from '../tests/helpers/redis-server.js';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const N = arg('players', 2000);
const useRedis = process.argv.includes('--redis');
const LIMIT_MS = 60_000;

function startServer(mode: string): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, ...(redisUrl && mode === 'cram' ? { REDIS_URL: redisUrl } : {}) };
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/server.ts', mode], { stdio: ['ignore', 'pipe', 'inherit'], env });
    const timer = setTimeout(() => reject(new Error('server did not start')), 20_000);
    child.stdout!.on('data', (d: Buffer) => {
      const m = /PORT (\d+)/.exec(d.toString());
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: `http://127.0.0.1:${m[1]}` });
      }
    });
  });
}

const within = <T>(p: Promise<T>, what: string): Promise<T> =>
  Promise.race([p, new Promise<T>((_, rej) => setTimeout(() => rej(new Error(`${what} took over ${LIMIT_MS} ms`)), LIMIT_MS))]);

/**
 * Bot i's own loopback address (127.0.0.0/8 all reach the server): 100 bots per address, like phones
 * behind a few school networks, so the per-address limits (docs/security.md) see a realistic crowd.
 */
export const botAddress = (i: number): string => {
  const net = Math.floor(i / 100);
  return `127.1.${Math.floor(net / 250)}.${(net % 250) + 1}`;
};

async function connectAll(url: string, n: number): Promise<Socket[]> {
  const sockets: Socket[] = [];
  for (let i = 0; i < n; i += 200) {
    const batch = Array.from({ length: Math.min(200, n - i) }, (_, j) =>
      // localAddress is passed on to the WebSocket in Node (engine.io-client); the types leave it out.
      io(url, { transports: ['websocket'], reconnection: false, forceNew: true, localAddress: botAddress(i + j) } as Parameters<typeof io>[1]),
    );
    await Promise.all(batch.map((s) => new Promise((r, j) => (s.once('connect', r as () => void), s.once('connect_error', j)))));
    sockets.push(...batch);
  }
  return sockets;
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

async function timedAcks(sockets: Socket[], event: string, payload: (i: number) => unknown): Promise<{ wallMs: number; lat: number[] }> {
  const t0 = performance.now();
  const lat: number[] = [];
  await Promise.all(
    sockets.map(async (s, i) => {
      const t = performance.now();
      const r = await s.timeout(30_000).emitWithAck(event, payload(i));
      if (!r?.ok) throw new Error(`${event} refused: ${JSON.stringify(r)}`);
      lat.push(performance.now() - t);
    }),
  );
  return { wallMs: performance.now() - t0, lat };
}

async function baseline() {
  const { child, url } = await startServer('baseline');
  try {
    const sockets = await within(connectAll(url, N), 'baseline connect');
    const r = await within(timedAcks(sockets, 'echo', (i) => ({ pin: '123456', nickname: `Bot ${i}` })), 'baseline acks');
    sockets.forEach((s) => s.disconnect());
    return r;
  } finally {
    child.kill('SIGKILL');
  }
}

async function cram() {
  const { child, url } = await startServer('cram');
  try {
    const host = io(url, { transports: ['websocket'], forceNew: true });
    const created = await host.emitWithAck('host:create', { deckId: 'test-deck', timeLimit: 60 });
    const { pin } = created.state;
    const auth = { pin, hostToken: created.hostToken };
    const sockets = await within(connectAll(url, N), 'connect');
    const seat = await within(timedAcks(sockets, 'player:join', (i) => ({ pin, nickname: `Bot ${i}` })), 'seating');
    const questions = sockets.map((s) => new Promise<{ options: { id: string }[] }>((r) => s.once('game:question', r)));
    const tStart = performance.now();
    await host.emitWithAck('host:start', auth);
    const qs = await within(Promise.all(questions), 'question broadcast');
    const broadcastMs = performance.now() - tStart;
    const reveals = sockets.map((s) => new Promise((r) => s.once('player:result', r)));
    const answers = await within(timedAcks(sockets, 'player:answer', (i) => ({ pin, index: 0, answer: { type: 'single', option: qs[i].options[i % 4].id } })), 'answers');
    const tAll = performance.now();
    await within(Promise.all(reveals), 'reveal');
    const revealMs = performance.now() - tAll;
    sockets.forEach((s) => s.disconnect());
    host.disconnect();
    return { seat, answers, broadcastMs, revealMs };
  } finally {
    child.kill('SIGKILL');
  }
}

const redis = useRedis ? await startRedis() : undefined;
const redisUrl = redis?.url;
const base = await baseline();
const c = await cram().finally(() => redis?.stop());
const f = (x: number) => x.toFixed(1);
console.log(`\nCram Night bench — ${N} players, ${redis ? 'Redis store + adapter' : 'in-memory store'}, ${os.cpus().length} cores, node ${process.version}`);
console.log(`baseline (bare Socket.IO ack round trip, ${N} at once): wall ${f(base.wallMs)} ms, p50 ${f(pct(base.lat, 50))} ms, p99 ${f(pct(base.lat, 99))} ms`);
console.log(`seat ${N} players:        wall ${f(c.seat.wallMs)} ms (${f(c.seat.wallMs / base.wallMs)}× baseline), ack p50 ${f(pct(c.seat.lat, 50))} ms, p99 ${f(pct(c.seat.lat, 99))} ms (${f(pct(c.seat.lat, 99) / pct(base.lat, 99))}× baseline p99)`);
console.log(`question to all phones:   ${f(c.broadcastMs)} ms`);
console.log(`${N} answers at once:     wall ${f(c.answers.wallMs)} ms (${f(c.answers.wallMs / base.wallMs)}× baseline), ack p50 ${f(pct(c.answers.lat, 50))} ms, p99 ${f(pct(c.answers.lat, 99))} ms (${f(pct(c.answers.lat, 99) / pct(base.lat, 99))}× baseline p99)`);
console.log(`last answer → every result: ${f(c.revealMs)} ms`);
process.exit(0);
