/**
 * A bench server, run as its own process (bench/ipc.ts), so bots never share its event loop.
 *   server.ts cram   → the real app (REDIS_URL set: Redis store + adapter, else the memory store)
 *   server.ts bare   → the baseline: a bare Socket.IO server that joins a room, acks, acks after one
 *                      Redis Lua call (REDIS_URL), broadcasts a payload it is handed, emits per socket
 * Both answer the same stats commands (bench/proc-stats.ts): event-loop delay, CPU and memory (after a full GC).
 * Listens on 127.0.0.1 only.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createClient } from 'redis';
import { Server } from 'socket.io';
import { buildApp } from '../server/app.js';
import { loadDecks } from '../server/deck/load.js';
import { BUILTIN_DECKS_DIR } from '../server/paths.js';
import { serverAckClock } from './ack-split.js';
import { serve } from './ipc.js';
import { now } from './phone.js';
import { procStats, type ProcStats } from './proc-stats.js';
import { watchStalls } from './stalls.js';
import { watchTurns } from './turns.js';
import { heapSampler } from './heap-sample.js';

const mode = process.argv[2] ?? 'cram';
/** How this process runs (bench/server-runtime.ts): compiled by tsc to bench/.compiled/bench/server.js, or this file under tsx. */
const runtime = import.meta.url.endsWith('.js') ? 'compiled' : 'tsx';
const redisUrl = process.env.REDIS_URL || undefined;

const stats = procStats();
/** Each answer's time inside the server, from its frame read to its ack frame written (bench/ack-split.ts). */
const ackClock = serverAckClock();
/**
 * BENCH_TRACE=1: the server also keeps the time of every frame it writes (its event, apart from acks and
 * pings) and its late event-loop turns (bench/stalls.ts), for `trace` (bench/trace.ts reads them).
 */
const tracing = process.env.BENCH_TRACE === '1';
const stalls = tracing ? watchStalls() : undefined;
/** BENCH_TRACE=1: room transitions per event-loop turn (bench/turns.ts); `connData` names a frame's room. */
const turns = tracing ? watchTurns() : undefined;
const connData = new Map<string, { pin?: string }>();
let traceFrames: [number, string][] = [];

/**
 * Counts every frame the server writes, by event name (`ack` for acknowledgements, `ping` for engine.io's
 * heartbeats), from each engine.io socket's `packetCreate`: room broadcasts, per-socket emits and acks
 * alike. Each frame is one write to the kernel, the floor under the CPU an answer costs. A listener per
 * frame that reads a few characters of the encoded packet: well under a microsecond, and the bare baseline
 * counts its frames the same way, so both sides of a ratio carry it.
 */
type EnginePacket = { type: string; data?: unknown };
type EngineConn = { id: string; on(ev: 'packetCreate' | 'packet', fn: (p: EnginePacket) => void): void };
function countFrames(io: { engine: { on(ev: 'connection', fn: (s: EngineConn) => void): void } }) {
  const byEvent: Record<string, number> = {};
  const add = (k: string) => (byEvent[k] = (byEvent[k] ?? 0) + 1);
  io.engine.on('connection', (conn) => {
    const acks = ackClock.conn(conn.id);
    conn.on('packet', (p) => {
      if (p.type === 'message') acks.in(p.data, now());
      if (turns && p.type === 'message' && typeof p.data === 'string' && p.data.includes('"player:answer"')) turns.answerRead();
    });
    conn.on('packetCreate', (p) => {
      if (p.type !== 'message') return void add(p.type);
      const d = typeof p.data === 'string' ? p.data : '';
      // Socket.IO packet: type digit (2 event, 3 ack), optional namespace and id, then the JSON array.
      if (d[0] === '3') {
        if (frameWindows) toLastAck.frame();
        acks.out(d, now());
        return void add('ack');
      }
      const at = d.indexOf('["');
      const event = at >= 0 ? d.slice(at + 2, d.indexOf('"', at + 2)) : 'other';
      if (event === 'game:question' && frameWindows) toLastQuestion.frame();
      if (tracing) traceFrames.push([now(), event]);
      turns?.frame(event, connData.get(conn.id)?.pin);
      add(event);
    });
  });
  return { byEvent };
}

/**
 * The server's CPU and wall time from the stats reset to the last frame of one kind it wrote (ProcStats
 * toLastAck, toLastQuestion). For acks: the answering alone, without what runs after the last ack (the
 * all-answered close and its 2,000 result frames run after every ack of a burst, before the bench reads
 * the window over IPC). For `game:question`: the fan-out as the server did it (S1), from before the host's
 * command to the last phone's frame handed to the kernel, without the wait until the bench has heard from
 * every bot. The CPU is read (`process.cpuUsage()`, a getrusage call, ~2 µs) at such a frame at most once
 * per `SAMPLE_MS` of wall time, and the wall time from that reading to the last frame is counted as busy:
 * the figure is at most SAMPLE_MS high, and it carries the readings' own cost (well under 1 ms in a burst).
 * Both servers run it from the same frame counter.
 */
const SAMPLE_MS = 1;
function toLastFrame() {
  let cpu0 = process.cpuUsage();
  let t0 = performance.now();
  let frames = 0;
  let sampledAt = -Infinity;
  let sampledCpuMs = 0;
  let sampledSysMs = 0;
  let lastAt = 0;
  return {
    frame(): void {
      frames++;
      lastAt = performance.now();
      if (lastAt - sampledAt < SAMPLE_MS) return;
      sampledAt = lastAt;
      const c = process.cpuUsage(cpu0);
      sampledCpuMs = (c.user + c.system) / 1000;
      sampledSysMs = c.system / 1000;
    },
    reset(): void {
      cpu0 = process.cpuUsage();
      t0 = performance.now();
      frames = 0;
      sampledAt = -Infinity;
    },
    read(): { cpuMs: number; sysMs: number; wallMs: number; frames: number } | undefined {
      if (frames === 0) return undefined;
      return { cpuMs: sampledCpuMs + (lastAt - sampledAt), sysMs: sampledSysMs, wallMs: lastAt - t0, frames };
    },
  };
}
const toLastAck = toLastFrame();
const toLastQuestion = toLastFrame();
/**
 * Whether the windows above are kept in the current stats window (the default at every reset). S4 turns them
 * off (`statsReset({ frameWindows: false })`): it reads neither, and their CPU readings are a system call
 * every millisecond of acks, the bench's own work inside the server it measures.
 */
let frameWindows = true;
/**
 * On-CPU time of each of this process's threads since the last reset, by kind (Linux schedstat, ns): the main
 * thread, and the others by name (V8's workers run the concurrent parts of GC; libuv's pool; the profiler).
 * process.cpuUsage() counts all of them together; a fan-out's cost is the main thread's.
 */
function threadCpu() {
  const read = (): Map<string, number> => {
    const out = new Map<string, number>();
    try {
      for (const tid of readdirSync('/proc/self/task')) {
        const name = tid === String(process.pid) ? 'main' : readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').trim();
        const ns = Number(readFileSync(`/proc/self/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
        out.set(name, (out.get(name) ?? 0) + ns);
      }
    } catch {
      // not Linux, or a thread ended while read: no figures
    }
    return out;
  };
  let base = read();
  return {
    reset: () => void (base = read()),
    read: (): Record<string, number> => Object.fromEntries([...read()].map(([k, ns]) => [k, (ns - (base.get(k) ?? 0)) / 1e6])),
  };
}
const threads = threadCpu();
/** BENCH_HEAP_PROF=DIR: what each stats window promoted (BENCH_HEAP_PROF_KEEP=all: allocated), by allocating stack (bench/heap-sample.ts). */
const keep = process.env.BENCH_HEAP_PROF_KEEP;
const heap = heapSampler(process.env.BENCH_HEAP_PROF || undefined, keep === 'retained' || keep === 'all' ? keep : 'promoted');

/** The process's stats (bench/proc-stats.ts) with the windows up to its last ack and last question frame beside them. */
const serverStats = {
  ...stats,
  statsReset(a?: { frameWindows?: boolean }) {
    frameWindows = a?.frameWindows ?? true;
    ackClock.reset();
    traceFrames = [];
    stalls?.reset();
    turns?.reset();
    toLastAck.reset();
    toLastQuestion.reset();
    threads.reset();
    void heap?.start();
    return stats.statsReset();
  },
  statsRead(): ProcStats {
    void heap?.stop();
    const ack = toLastAck.read();
    const question = toLastQuestion.read();
    return {
      ...stats.statsRead(),
      toLastAck: ack && { cpuMs: ack.cpuMs, wallMs: ack.wallMs, acks: ack.frames },
      toLastQuestion: question,
      threadsMs: threads.read(),
    };
  },
  /** Every answer acked since the reset: its frame read and its ack frame written (bench/ack-split.ts). */
  ackTimes: () => ackClock.read(),
  /** BENCH_TRACE=1: frames written (time, event), late event-loop turns (when, how late) and GC pauses since the reset. */
  // `clock`: the monotonic clock (ms; V8's CPU profiles count in it, µs) and `now()` read together, to place profile samples on the trace.
  trace: () => ({ frames: traceFrames, stalls: stalls?.read() ?? [], turns: turns?.read() ?? [], gc: stats.gcEvents(), clock: [Number(process.hrtime.bigint()) / 1e6, now()] }),
};

if (mode === 'bare') {
  const http = createServer();
  const io = new Server(http, { serveClient: false, transports: ['websocket'] });
  const redis = redisUrl ? createClient({ url: redisUrl }) : undefined;
  const LUA = `if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 0 then return -1 end return redis.call('HLEN', KEYS[1])`;
  let sha = '';
  if (redis) {
    await redis.connect();
    sha = await redis.scriptLoad(LUA);
  }
  // The same frame counter as Cram Night's (a listener per frame): both sides of every ratio pay for it.
  const frames = countFrames(io);
  io.on('connection', (s) => {
    s.on('join', (p: { room: string }, ack: (r: unknown) => void) => {
      s.data.room = p.room;
      void s.join(p.room);
      ack({ ok: true });
    });
    s.on('answer', (_p: unknown, ack: (r: unknown) => void) => ack({ ok: true, receivedAt: Date.now() }));
    s.on('answer-lua', (p: { room: string; id: string }, ack: (r: unknown) => void) => {
      if (!redis) return ack({ ok: false });
      const receivedAt = Date.now();
      redis
        .evalSha(sha, { keys: [`bare:{${p.room}}:answers`], arguments: [p.id, JSON.stringify({ ...p, at: receivedAt })] })
        .then((n) => ack({ ok: Number(n) > 0, receivedAt }), () => ack({ ok: false }));
    });
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  // Exits (rather than dies) when stopped, so --cpu-prof-bare writes its profile.
  process.on('SIGTERM', () => process.exit(0));
  serve(
    {
      ...serverStats,
      broadcast(a: { room: string; event: string; payload: unknown }) {
        io.to(a.room).emit(a.event, a.payload);
        return {};
      },
      /** One small message to each socket of the room, each through its own emit (like player:result). */
      async perSocket(a: { room: string; event: string; payload: object }) {
        const ids = [...(io.sockets.adapter.rooms.get(a.room) ?? [])];
        ids.forEach((id, i) => io.to(id).emit(a.event, { ...a.payload, rank: i + 1, players: ids.length }));
        return { sent: ids.length };
      },
      async count(a: { room: string }) {
        return redis ? redis.hLen(`bare:{${a.room}}:answers`) : 0;
      },
      frames: () => frames,
    },
    { port: (http.address() as AddressInfo).port, runtime },
  );
} else {
  let types: Map<string, string> | undefined;
  /** Deck question id → its type, from the built-in decks (the bench plays the built-in deck). */
  const questionTypes = () => (types ??= new Map(loadDecks(BUILTIN_DECKS_DIR).decks.flatMap((d) => d.questions.map((q) => [q.id, q.type] as const))));
  const app = await buildApp({ clientDir: 'nonexistent', redisUrl, redisPrefix: process.env.REDIS_PREFIX, logger: false });
  const frames = countFrames(app.io);
  /** Why sockets closed, as the server saw it (Socket.IO's disconnect reason), so a run that loses phones says which side gave up. */
  const closed: Record<string, number> = {};
  app.io.on('connection', (socket) => socket.on('disconnect', (reason) => void (closed[reason] = (closed[reason] ?? 0) + 1)));
  if (turns) {
    app.io.on('connection', (socket) => {
      const id = (socket.conn as unknown as { id: string }).id;
      connData.set(id, socket.data);
      socket.on('disconnect', () => connData.delete(id));
    });
  }
  await app.listen({ port: 0, host: '127.0.0.1' });
  serve(
    {
      ...serverStats,
      async count(a: { pin: string; index: number }) {
        return app.game.store.answerCount(a.pin, a.index);
      },
      /** The type of each question a room's plan will ask, in order (S2 asks for fixed types: bench/s2-plan.ts). */
      async planTypes(a: { pin: string }) {
        const plan = await app.game.store.getQuestions(a.pin);
        return plan?.ids.map((id) => questionTypes().get(id) ?? '?') ?? [];
      },
      /**
       * The room as its last close left it, read from the store (bench/close-check.ts): how it closed, when the
       * reveal was committed (server wall clock), its connected players and players.
       */
      async closeInfo(a: { pin: string }) {
        const store = app.game.store;
        const [room, online, players] = await Promise.all([store.getRoom(a.pin), store.onlinePlayers(a.pin), store.playerCount(a.pin)]);
        return { closedBy: room?.closedBy, phase: room?.phase, index: room?.index, revealedAt: room?.updatedAt, online: online.length, players };
      },
      /** Frames this process has sent so far, by event (acks and pings apart): see countFrames. */
      frames: () => frames,
      closed: () => closed,
    },
    { port: (app.server.address() as AddressInfo).port, runtime },
  );
  process.on('SIGTERM', () => {
    app.close().then(() => process.exit(0), () => process.exit(1));
  });
}
