/**
 * Counts, per stats window of a bench server, what a seat costs in figures the machine's load does not move:
 * Redis commands (INFO commandstats: top-level calls and the commands scripts ran), bytes to and from Redis
 * (INFO stats), writes to the Redis socket, JSON.parse / JSON.stringify calls and characters, WebSocket
 * frames and bytes written. Imported into the bench's servers, not the game:
 *   BENCH_SERVERS=tsx BENCH_SERVER_FLAGS="--import ./bench/seat-probe.ts" SEAT_PROBE_OUT=DIR npm run bench -- --scenarios S0 …
 * (BENCH_SERVERS=tsx: the servers run under tsx, which this TypeScript file needs; its counts do not depend on it).
 * A window runs from the bench's `statsReset` to its `statsRead` (S0: connect everyone, then join everyone);
 * each is appended to DIR/probe-PID.jsonl as one JSON line. Patching JSON costs CPU: read these runs' counts,
 * not their times. Read the lines with `npx tsx bench/seat-probe.ts DIR` (per join, by window).
 */
import { appendFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import v8 from 'node:v8';
import { createClient } from 'redis';
import WebSocket from 'ws';
import { optionNumber } from './cli-option.js';

interface Counts {
  parse: number;
  parseChars: number;
  stringify: number;
  stringifyChars: number;
  redisWrites: number;
  wsFrames: number;
  wsBytes: number;
}
const zero = (): Counts => ({ parse: 0, parseChars: 0, stringify: 0, stringifyChars: 0, redisWrites: 0, wsFrames: 0, wsBytes: 0 });
interface RedisSnap {
  calls: Record<string, number>;
  usec: Record<string, number>;
  inBytes: number;
  outBytes: number;
}

/** `countJson`: false leaves JSON alone (a --cpu-prof run needs only the windows' times). */
/** On-CPU ms of each of this process's threads by name (Linux schedstat), as bench/server.ts reads them. */
function threadMs(): Record<string, number> {
  const out: Record<string, number> = {};
  try {
    for (const tid of readdirSync('/proc/self/task')) {
      const name = tid === String(process.pid) ? 'main' : readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').trim();
      out[name] = (out[name] ?? 0) + Number(readFileSync(`/proc/self/task/${tid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
    }
  } catch {
    // not Linux
  }
  return out;
}

function install(out: string, countJson: boolean): void {
  let c = zero();
  const parse = JSON.parse;
  if (countJson) patchJson();
  function patchJson(): void {
  const stringify = JSON.stringify;
  JSON.parse = function (text: string, reviver?: (this: unknown, key: string, value: unknown) => unknown) {
    c.parse++;
    c.parseChars += typeof text === 'string' ? text.length : 0;
    return parse(text, reviver);
  } as typeof JSON.parse;
  JSON.stringify = function (...args: Parameters<typeof JSON.stringify>) {
    const s = stringify(...args);
    c.stringify++;
    c.stringifyChars += typeof s === 'string' ? s.length : 0;
    return s;
  } as typeof JSON.stringify;
  }

  const url = process.env.REDIS_URL;
  const redisPort = url ? Number(new URL(url).port || 6379) : -1;
  const proto = net.Socket.prototype as unknown as { _writev?: (...a: unknown[]) => unknown; _write: (...a: unknown[]) => unknown; remotePort?: number };
  for (const m of ['_write', '_writev'] as const) {
    const orig = proto[m];
    if (!orig) continue;
    proto[m] = function (this: net.Socket, ...a: unknown[]) {
      if (this.remotePort === redisPort) c.redisWrites++;
      return orig.apply(this, a);
    };
  }
  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (this: WebSocket, data: unknown, ...rest: unknown[]) {
    c.wsFrames++;
    c.wsBytes += typeof data === 'string' ? Buffer.byteLength(data) : ((data as { byteLength?: number }).byteLength ?? 0);
    return (send as (...a: unknown[]) => void).call(this, data, ...rest);
  } as typeof WebSocket.prototype.send;

  const redis = url ? createClient({ url }) : undefined;
  const ready = redis?.connect().catch(() => undefined);
  const snap = async (): Promise<RedisSnap | undefined> => {
    if (!redis) return undefined;
    await ready;
    const info = String(await redis.info('all'));
    const calls: Record<string, number> = {};
    const usec: Record<string, number> = {};
    for (const m of info.matchAll(/^cmdstat_([a-z|_-]+):calls=(\d+),usec=(\d+)/gm)) {
      calls[m[1]] = Number(m[2]);
      usec[m[1]] = Number(m[3]);
    }
    const field = (n: string) => Number(new RegExp(`^${n}:(\\d+)`, 'm').exec(info)?.[1] ?? 0);
    return { calls, usec, inBytes: field('total_net_input_bytes'), outBytes: field('total_net_output_bytes') };
  };
  const diff = (a: Record<string, number>, b: Record<string, number>) => Object.fromEntries(Object.keys(b).map((k) => [k, b[k] - (a[k] ?? 0)]).filter(([, v]) => v !== 0));

  const mono = () => Number(process.hrtime.bigint()) / 1e6;
  let start: { counts: Counts; redis?: RedisSnap; cpu: NodeJS.CpuUsage; at: number; heap: number; threads: Record<string, number> } | undefined;
  let gc: v8.GCProfiler | undefined;
  /**
   * Bytes allocated over the window: the heap's growth between collections (nothing is freed between them),
   * from v8.GCProfiler's before/after of each; and the collections by kind.
   */
  const allocated = (heap0: number, stats: { gcType: string; beforeGC: { heapStatistics: { usedHeapSize: number } }; afterGC: { heapStatistics: { usedHeapSize: number } } }[], heap1: number) => {
    let bytes = 0;
    let prev = heap0;
    const kinds: Record<string, number> = {};
    for (const g of stats) {
      bytes += Math.max(0, g.beforeGC.heapStatistics.usedHeapSize - prev);
      prev = g.afterGC.heapStatistics.usedHeapSize;
      kinds[g.gcType] = (kinds[g.gcType] ?? 0) + 1;
    }
    return { allocBytes: bytes + Math.max(0, heap1 - prev), gcs: kinds };
  };
  let window = 0;
  const mark = process.env.SEAT_PROBE_MARK === '1';
  mkdirSync(out, { recursive: true });
  const file = join(out, `probe-${process.pid}.jsonl`);
  process.on('message', (m: { cmd?: string }) => {
    if (m?.cmd === 'statsReset') {
      // Markers in the server's output, to cut a --trace-opt log (SEAT_PROBE_MARK=1) to the windows.
      if (mark) console.log(`### seat-probe ${process.argv[2] ?? 'cram'} ${process.pid} window ${window} start`);
      const cpu = process.cpuUsage();
      const at = mono();
      c = zero();
      gc?.stop();
      gc = new v8.GCProfiler();
      gc.start();
      const heap = v8.getHeapStatistics().used_heap_size;
      const threads = threadMs();
      void snap().then((r) => (start = { counts: c, redis: r, cpu, at, heap, threads }));
    } else if (m?.cmd === 'statsRead' && start) {
      if (mark) console.log(`### seat-probe ${process.argv[2] ?? 'cram'} ${process.pid} window ${window} end`);
      const s = start;
      const counts = { ...c };
      const cpu = process.cpuUsage(s.cpu);
      const end = mono();
      const heap1 = v8.getHeapStatistics().used_heap_size;
      const t1 = threadMs();
      const threads = Object.fromEntries(Object.entries(t1).map(([k, v]) => [k, +(v - (s.threads[k] ?? 0)).toFixed(1)]).filter(([, v]) => v !== 0));
      const g = gc?.stop() as { statistics: Parameters<typeof allocated>[1] } | undefined;
      gc = undefined;
      const alloc = allocated(s.heap, g?.statistics ?? [], heap1);
      start = undefined;
      void snap().then((r) => {
        const line = {
          mode: process.argv[2] ?? 'cram',
          window: window++,
          // The window on the monotonic clock (ms), the one V8's CPU profiles count in (µs).
          mono: [s.at, end],
          counts,
          cpuMs: (cpu.user + cpu.system) / 1000,
          ...alloc,
          threads,
          ...(r && s.redis && { redisCalls: diff(s.redis.calls, r.calls), redisUsec: diff(s.redis.usec, r.usec), redisIn: r.inBytes - s.redis.inBytes, redisOut: r.outBytes - s.redis.outBytes }),
        };
        appendFileSync(file, stringify(line) + '\n');
      });
    }
  });
}

/** Prints each window's counts per join (the S0 join window is each server's window 1), N from --per (default 2000). */
function read(dir: string, per: number): void {
  for (const f of readdirSync(dir).filter((x) => x.startsWith('probe-'))) {
    for (const l of readFileSync(join(dir, f), 'utf8').split('\n').filter(Boolean)) {
      const w = JSON.parse(l) as { mode: string; window: number; threads?: Record<string, number>; allocBytes?: number; gcs?: Record<string, number>; counts: Counts; cpuMs: number; redisCalls?: Record<string, number>; redisIn?: number; redisOut?: number };
      const perJoin = (x: number) => +(x / per).toFixed(2);
      console.log(f, w.mode, `window ${w.window}`, `cpu ${w.cpuMs.toFixed(0)} ms`, stringify(w.threads ?? {}), `alloc ${perJoin(w.allocBytes ?? 0)} B`, stringify(w.gcs ?? {}), stringify(Object.fromEntries(Object.entries(w.counts).map(([k, v]) => [k, perJoin(v)]))),
        'redis', stringify(Object.fromEntries(Object.entries(w.redisCalls ?? {}).map(([k, v]) => [k, perJoin(v)]))), `in ${perJoin(w.redisIn ?? 0)} B out ${perJoin(w.redisOut ?? 0)} B`);
    }
  }
}
const stringify = JSON.stringify;

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  read(process.argv[2] ?? '.', optionNumber(process.argv, '--per', 2000));
} else if (process.env.SEAT_PROBE_OUT) {
  install(process.env.SEAT_PROBE_OUT, process.env.SEAT_PROBE_JSON !== '0');
}
