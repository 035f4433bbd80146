/**
 * S0's join cold and warm. The bench's S0 measures a fresh server process's first seat, in which V8 compiles
 * the join's code on its worker threads (counted in the process's CPU). Here each server (Cram Night on each
 * store, then bare Socket.IO) seats `--seats` rooms of N phones one after the other (connect, join, leave),
 * and each seat's join is printed: its wall time, the server's CPU split into the main thread and the other
 * threads (V8's compiler and GC helpers), and Redis's CPU. Seats after the first show the join once its code
 * is compiled, as on a server that has run a while.
 *   /work/session28/bench.sh is for `npm run bench`; run this as: flock /tmp/cram-bench.lock npx tsx bench/warm-seat.ts
 *   [--players 2000] [--seats 3] [--stores memory,redis] [--out FILE.json]
 */
import { writeFileSync } from 'node:fs';
import { startRedis } from '../tests/helpers/redis-server.js';
import { Fleet } from './fleet.js';
import { spawnChild, type Proc } from './ipc.js';
import { bareRoom, cramRoom, warmUp, type SeatFigures } from './one-room.js';
import { optionValue } from './cli-option.js';
import { redisCpu } from './redis-cpu.js';
import { Report } from './report.js';
import { serverExecArgv } from './server-flags.js';
import { prepareServers } from './server-runtime.js';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => optionValue(args, name, dflt);
const n = Number(opt('--players', '2000'));
const seats = Number(opt('--seats', '3'));
const stores = opt('--stores', 'memory,redis').split(',');
const out = opt('--out', '');

const runtime = prepareServers();
console.log(runtime.describe);
const redis = stores.includes('redis') ? await startRedis() : undefined;
const redisCpuReader = redis ? await redisCpu(redis.url) : undefined;
const fleet = await Fleet.start(2);
const report = new Report();
let prefixSeq = 0;

async function server(kind: 'cram' | 'bare', store: string): Promise<{ p: Proc; url: string }> {
  const env = { REDIS_URL: store === 'redis' ? (redis?.url ?? '') : '', REDIS_PREFIX: `warmseat${prefixSeq++}:` };
  const p = await spawnChild(`${kind}-${store}`, runtime.script, [kind], { env, execArgv: serverExecArgv() });
  return { p, url: `http://127.0.0.1:${p.info.port as number}` };
}

type Row = { side: string; seat: number; joinMs: number; cpuMs: number; mainMs: number; otherMs: number; redisMs?: number; connectCpuMs: number };
const rows: Row[] = [];
const warm = await server('bare', 'memory');
await warmUp({ url: warm.url, fleet, n });
await warm.p.stop();
for (const side of [...stores, 'bare']) {
  const s = await server(side === 'bare' ? 'bare' : 'cram', side === 'bare' ? 'memory' : side);
  for (let seat = 1; seat <= seats; seat++) {
    const o = { url: s.url, server: s.p, fleet, n, report, redisCpu: side === 'redis' ? redisCpuReader : undefined };
    const f: SeatFigures = side === 'bare' ? await bareRoom({ ...o, question: {}, lua: false, seatOnly: true }) : await cramRoom({ ...o, timeLimit: 10, label: `${side} ${n} seat ${seat}`, seatOnly: true });
    const threads = f.joinStats.threadsMs ?? {};
    const mainMs = threads.main ?? 0;
    const otherMs = Object.entries(threads).reduce((a, [k, v]) => (k === 'main' ? a : a + v), 0);
    const row: Row = { side, seat, joinMs: f.joinMs, cpuMs: f.joinStats.cpuMs, mainMs, otherMs, connectCpuMs: f.connectStats.cpuMs, ...(f.joinRedisCpuMs !== undefined && { redisMs: f.joinRedisCpuMs }) };
    rows.push(row);
    console.log(
      `${side.padEnd(6)} seat ${seat}: join ${row.joinMs.toFixed(0)} ms wall, server CPU ${row.cpuMs.toFixed(0)} ms (main thread ${mainMs.toFixed(0)}, other threads ${otherMs.toFixed(0)})` +
        `${row.redisMs !== undefined ? `, Redis ${row.redisMs.toFixed(1)} ms` : ''}; connect CPU ${row.connectCpuMs.toFixed(0)} ms`,
    );
  }
  await s.p.stop();
}
const failed = report.checks.filter((c) => !c.ok);
console.log(failed.length === 0 ? `every seat: all ${n} phones seated` : `FAILED: ${JSON.stringify(failed)}`);
if (out) writeFileSync(out, JSON.stringify({ n, seats, rows, at: new Date().toISOString() }, null, 2));
await fleet.stop();
await redisCpuReader?.close();
await redis?.stop();
process.exit(failed.length === 0 ? 0 : 1);
