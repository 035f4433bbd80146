/**
 * npm run bench [-- options] — the benchmark of record (docs/performance.md).
 *
 * Starts each server as its own process (Cram Night on the memory store, on the Redis store + adapter,
 * and a bare Socket.IO baseline), drives it with bot processes on 127.0.0.0/8 (each bot its own address),
 * and prints every figure beside its baseline from the same run, with the core count and versions.
 *
 *   --trials 3 --s4-trials 1           interleaved trials: S0–S3 measure Cram Night and the baselines again in
 *                                      each, servers in rotated order; S4's classroom pace; medians and ranges
 *   --scenarios S0,S1,S2,S3,S4,S5,S6   which to run (S0–S3 run together in one room per size; S0 alone only seats)
 *   --players 500,2000,5000            room sizes for S0–S3
 *   --stores memory,redis              Cram Night stores for S0–S4
 *   --rooms 300 --room-players 30      S4 (--s4-pace classroom,flat-out: bench/many.ts PACES); --idle-rooms 200
 *                                      --mem-players 2000 for S5; --s6-players 10000
 *   --bots 2                           bot processes
 *   --quick                            a run that fits in a few minutes on 2 cores (smaller sizes)
 *   --out bench/results/latest.json    the JSON with every figure
 *   --cpu-prof                         Cram Night servers write a V8 CPU profile to bench/profiles/
 *   --cpu-prof-bare                    the bare baseline too (its figures then carry the profiler's cost)
 * BENCH_SERVERS=tsx                  the servers run from the TypeScript through tsx instead of compiled by tsc as the
 *                                    shipped server is (bench/server-runtime.ts); the header says which
 * BENCH_SERVER_FLAGS="--trace-gc ..."  extra Node flags for the server processes (e.g. to see GC pauses), after the
 *                                    server's own (scripts/node-flags.mjs, as `npm start` gives them)
 * BENCH_TRACE=1                      S4 writes a trace per run beside --out (every ack's split, the server's frames,
 *                                    late event-loop turns, GC pauses): `npx tsx bench/trace.ts FILE` reads it
 * BENCH_HEAP_PROF=DIR                each stats window's promoted bytes by allocating stack (BENCH_HEAP_PROF_KEEP=retained:
 *                                    what is still reachable; =all: everything allocated); `npx tsx bench/heap-sample.ts FILE [answers]` reads it
 * BENCH_SEAT_STATS=FILE              S0: each server's connect and join windows as the server reported them (GCs by kind,
 *                                    threads' CPU, allocation, heap), one JSON line per seat appended to FILE
 * Every wait is bounded; the run stops by itself and exits non-zero if a correctness check fails.
 */
import { appendFileSync } from 'node:fs';
import { startRedis } from '../tests/helpers/redis-server.js';
import { redisCpu } from './redis-cpu.js';
import { Fleet } from './fleet.js';
import { spawnChild, type Proc } from './ipc.js';
import { manyRooms, memory, PACES, twoProcesses, type Pace } from './many.js';
import { manyRows } from './many-rows.js';
import { bareRoom, cramRoom, warmUp, type RoomFigures, type SeatFigures } from './one-room.js';
import { meta, pct, Report } from './report.js';
import { roomRows, seatRows, seatStatsLine } from './room-rows.js';
import { serverExecArgv } from './server-flags.js';
import { prepareServers } from './server-runtime.js';
import { trialOrder } from './trials.js';

const argv = process.argv.slice(2);
// --help prints the usage above and runs nothing; an unknown option is refused before any server starts
// (a mistyped flag would otherwise run the whole default bench, ~7 minutes of both cores).
const FLAGS = ['trials', 's4-trials', 'scenarios', 'players', 'stores', 'rooms', 'room-players', 'room-questions', 's4-pace', 'idle-rooms', 'mem-players', 's6-players', 'bots', 'time-limit', 'out', 'limit-minutes'];
const SWITCHES = ['quick', 'cpu-prof', 'cpu-prof-bare'];
const USAGE = `npm run bench [-- options]   (docs/performance.md)
  --trials 3                         S0–S3: trials per size (--quick: 1); each measures Cram Night and its
                                     baselines again, servers in rotated order; medians, [min–max], verdict on the median
  --s4-trials 1                      S4: trials of the classroom pace (flat-out runs in the first only)
  --scenarios S0,S1,S2,S3,S4,S5,S6   which to run (S0–S3 run together in one room per size; S0 alone only seats)
  --players 500,2000,5000            room sizes for S0–S3
  --stores memory,redis              Cram Night stores for S0–S4
  --rooms 300 --room-players 30 --room-questions 3 --s4-pace classroom,flat-out   S4
  --idle-rooms 200 --mem-players 2000   S5;   --s6-players 10000   S6
  --bots 2 --time-limit 10 --limit-minutes 30
  --quick                            smaller sizes: a few minutes on 2 cores
  --out bench/results/latest.json    the JSON with every figure
  --cpu-prof / --cpu-prof-bare       V8 CPU profiles of Cram Night's servers / the bare baseline too, in bench/profiles/
  BENCH_SERVERS=tsx                  run the servers under tsx, not compiled by tsc as shipped (bench/server-runtime.ts)
  BENCH_SERVER_FLAGS="--trace-gc ..." extra Node flags for the server processes
  BENCH_TRACE=1                      S4 also writes a trace per run beside --out (npx tsx bench/trace.ts FILE reads it)
  BENCH_HEAP_PROF=DIR                the servers' promoted bytes per stats window, by allocating stack (npx tsx bench/heap-sample.ts FILE)
  BENCH_SEAT_STATS=FILE              S0: each seat's connect and join windows as the server reported them, a JSON line each`;
if (argv.includes('--help') || argv.includes('-h')) {
  console.log(USAGE);
  process.exit(0);
}
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  const name = a.startsWith('--') ? a.slice(2) : '';
  if (SWITCHES.includes(name)) continue;
  if (FLAGS.includes(name) && argv[i + 1] !== undefined && !argv[i + 1].startsWith('--')) {
    i++;
    continue;
  }
  console.error(FLAGS.includes(name) ? `bench: ${a} needs a value` : `bench: unknown option ${a}`);
  console.error(USAGE);
  process.exit(2);
}
const has = (name: string) => argv.includes(`--${name}`);
const opt = (name: string, dflt: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : dflt;
};
const quick = has('quick');
const list = (name: string, dflt: string) => opt(name, dflt).split(',').map((s) => s.trim()).filter(Boolean);
const options = {
  trials: Number(opt('trials', quick ? '1' : '3')),
  s4Trials: Number(opt('s4-trials', '1')),
  scenarios: list('scenarios', 'S0,S1,S2,S3,S4,S5,S6'),
  players: list('players', quick ? '500,2000' : '500,2000,5000').map(Number),
  stores: list('stores', 'memory,redis'),
  rooms: Number(opt('rooms', quick ? '60' : '300')),
  roomPlayers: Number(opt('room-players', '30')),
  roomQuestions: Number(opt('room-questions', quick ? '2' : '3')),
  s4Paces: list('s4-pace', 'classroom,flat-out') as Pace[],
  idleRooms: Number(opt('idle-rooms', quick ? '100' : '200')),
  memPlayers: Number(opt('mem-players', quick ? '1000' : '2000')),
  s6Players: Number(opt('s6-players', quick ? '3000' : '10000')),
  bots: Number(opt('bots', '2')),
  timeLimit: Number(opt('time-limit', '10')),
  out: opt('out', 'bench/results/latest.json'),
  cpuProf: has('cpu-prof'),
  cpuProfBare: has('cpu-prof-bare'),
};
for (const k of ['trials', 's4Trials'] as const) {
  if (!Number.isInteger(options[k]) || options[k] < 1) {
    console.error(`bench: --${k === 'trials' ? 'trials' : 's4-trials'} must be a whole number ≥ 1`);
    process.exit(2);
  }
}
const want = (s: string) => options.scenarios.includes(s);
const HARD_LIMIT_MS = Number(opt('limit-minutes', '30')) * 60_000;
setTimeout(() => {
  console.error(`bench: over ${HARD_LIMIT_MS / 60_000} minutes, stopping`);
  process.exit(2);
}, HARD_LIMIT_MS).unref();

// Every server process (Cram Night's and the baselines') runs compiled, as the shipped server does.
let runtime: ReturnType<typeof prepareServers>;
try {
  runtime = prepareServers();
} catch (err) {
  console.error((err as Error).message);
  process.exit(2);
}
const report = new Report();
const procs: Proc[] = [];
const redis = options.stores.includes('redis') || want('S6') ? await startRedis() : undefined;
const redisCpuReader = redis ? await redisCpu(redis.url) : undefined;
let prefixSeq = 0;

async function server(kind: 'cram' | 'bare', store: string, prefix = `bench${prefixSeq++}:`): Promise<{ p: Proc; url: string }> {
  const env = { REDIS_URL: store === 'redis' || kind === 'bare' ? (redis?.url ?? '') : '', REDIS_PREFIX: prefix };
  const prof = kind === 'cram' ? options.cpuProf : options.cpuProfBare;
  // The game server's own Node flags (as `npm start` and the container give them), --expose-gc, BENCH_SERVER_FLAGS.
  const execArgv = [...serverExecArgv(), ...(prof ? ['--cpu-prof', '--cpu-prof-dir=bench/profiles'] : [])];
  const p = await spawnChild(`${kind}-${store}`, runtime.script, [kind], { env, execArgv });
  procs.push(p);
  return { p, url: `http://127.0.0.1:${p.info.port as number}` };
}
async function stop(p: Proc) {
  await p.stop();
  procs.splice(procs.indexOf(p), 1);
}

const fleet = await Fleet.start(options.bots);
const m = { ...meta(), servers: runtime.describe };
console.log(`bench: ${m.cpus} cores, node ${m.node}; ${JSON.stringify(options)}`);
console.log(`bench: ${runtime.describe}; bots under tsx`);

/** One unmeasured seat of n bots on a bare server before a size's measured seats (warmUp in one-room.ts). */
async function warmSeat(n: number): Promise<void> {
  const w = await server('bare', 'memory');
  console.log(`S0: ${n} phones, warm-up seat on bare Socket.IO (not measured)…`);
  await warmUp({ url: w.url, fleet, n });
  await stop(w.p);
}

/** BENCH_SEAT_STATS: the file each seat's server windows are appended to (room-rows.ts seatStatsLine). */
const seatStats = process.env.BENCH_SEAT_STATS || undefined;

/**
 * S0–S3 (or S0 alone) at one size: `--trials` trials, each measuring every Cram Night store and the bare
 * baseline again, in an order rotated between trials (bench/trials.ts); each trial's rows are against the
 * baseline of the same trial. The bare broadcast sends the bytes of the latest question Cram Night sent.
 */
async function oneRoom(n: number, seatOnly: boolean): Promise<void> {
  const what = seatOnly ? 'S0' : 'S0–S3';
  await warmSeat(n);
  let question: unknown = {};
  for (let t = 0; t < options.trials; t++) {
    report.trial = t;
    const order = trialOrder([...options.stores, 'bare'], t);
    report.orders.push({ size: `S0–S3 ${n}`, trial: t, order });
    const cram: Record<string, RoomFigures | SeatFigures> = {};
    let bare: RoomFigures | SeatFigures | undefined;
    for (const side of order) {
      const s = await server(side === 'bare' ? 'bare' : 'cram', side === 'bare' ? 'memory' : side);
      console.log(`${what}: ${n} phones, trial ${t + 1}/${options.trials}, ${side === 'bare' ? 'bare Socket.IO' : `Cram Night on ${side}`}…`);
      if (side === 'bare') {
        const o = { url: s.url, server: s.p, fleet, n, question, lua: !seatOnly && Boolean(redis), report, redisCpu: redisCpuReader };
        bare = seatOnly ? await bareRoom({ ...o, seatOnly: true }) : await bareRoom(o);
      } else {
        const o = { url: s.url, server: s.p, fleet, n, timeLimit: options.timeLimit, report, label: `${side} ${n}`, ...(side === 'redis' && { redisCpu: redisCpuReader }) };
        const r = seatOnly ? await cramRoom({ ...o, seatOnly: true }) : (await cramRoom(o))!;
        cram[side] = r;
        if ('question' in r && r.question !== undefined) question = r.question;
      }
      if (seatStats) {
        const seat = side === 'bare' ? bare! : cram[side];
        appendFileSync(seatStats, seatStatsLine(side, n, t, seat));
      }
      await stop(s.p);
    }
    for (const store of options.stores) {
      if (seatOnly) seatRows(report, n, store, cram[store], bare!);
      else roomRows(report, n, store, cram[store] as RoomFigures, bare as RoomFigures);
    }
  }
  report.trial = 0;
}

try {
  const oneRoomScenarios = ['S0', 'S1', 'S2', 'S3'].filter(want);
  if (oneRoomScenarios.length) for (const n of options.players) await oneRoom(n, oneRoomScenarios.join() === 'S0');
  for (const pace of options.s4Paces) if (!(pace in PACES)) throw new Error(`--s4-pace: ${pace} is not one of ${Object.keys(PACES).join(', ')}`);
  // S4: `--s4-trials` trials of the classroom pace (the one with targets), the stores' order rotated between
  // trials; the flat-out stress pace runs in the first trial only.
  if (want('S4')) {
    for (let t = 0; t < options.s4Trials; t++) {
      report.trial = t;
      const order = trialOrder(options.stores, t);
      report.orders.push({ size: 'S4', trial: t, order });
      for (const store of order) for (const pace of options.s4Paces) {
        if (t > 0 && pace !== 'classroom') continue;
        const s = await server('cram', store);
        console.log(`S4: ${options.rooms} rooms × ${options.roomPlayers} players on ${store}, ${pace}, trial ${t + 1}/${options.s4Trials}…`);
        // BENCH_TRACE=1: every ack's split with the server's frames, late turns and GC pauses, beside --out (bench/trace.ts reads it).
        const traceFile = process.env.BENCH_TRACE === '1' ? options.out.replace(/\.json$/, '') + `.s4-trace-${store}-${pace}-${t + 1}.json` : undefined;
        const r = await manyRooms({ url: s.url, server: s.p, fleet, rooms: options.rooms, players: options.roomPlayers, questions: options.roomQuestions, pace, report, label: `${store}, ${pace}`, traceFile });
        if (traceFile) console.log(`S4: trace written to ${traceFile}`);
        await stop(s.p);
        manyRows(report, store, pace, options.rooms, options.roomPlayers, r);
      }
    }
    report.trial = 0;
  }
  if (want('S5')) {
    const s = await server('cram', 'memory');
    console.log(`S5: ${options.idleRooms} idle lobbies, ${options.memPlayers} players…`);
    const c = await memory({ url: s.url, server: s.p, fleet, rooms: options.idleRooms, players: options.memPlayers, cram: true });
    await stop(s.p);
    const b = await server('bare', 'memory');
    const bm = await memory({ url: b.url, server: b.p, fleet, rooms: 0, players: options.memPlayers, cram: false });
    await stop(b.p);
    const kb = (x: number) => x / 1024;
    report.add({ scenario: 'S5', target: 'memory store', figure: 'heap per idle lobby (whole deck)', value: kb(c.perRoom ?? NaN), unit: 'KB', goal: '< 20 KB', bound: { on: 'value', max: 20, strict: true } });
    report.add({ scenario: 'S5', target: `memory store, ${options.memPlayers}`, figure: 'heap per connected player', value: kb(c.perPlayer), unit: 'KB', baseline: kb(bm.perPlayer), baselineName: 'bare socket in a room' });
    report.check('S5', 'GC exposed (memory figures after a full GC)', c.gcExposed, String(c.gcExposed));
  }
  if (want('S6') && redis) {
    const prefix = 'bench-s6:';
    const a = await server('cram', 'redis', prefix);
    const b = await server('cram', 'redis', prefix);
    console.log(`S6: ${options.s6Players} phones in one room on two processes sharing Redis…`);
    const r = await twoProcesses({ urls: [a.url, b.url], servers: [a.p, b.p], fleet, n: options.s6Players, report });
    await stop(a.p);
    await stop(b.p);
    const t = `2 processes + Redis, ${options.s6Players}`;
    report.add({ scenario: 'S6', target: t, figure: 'seat everyone, wall', value: r.connectMs + r.joinMs, unit: 'ms' });
    report.add({ scenario: 'S6', target: t, figure: 'question to phones p99', value: pct(r.fanout, 99), unit: 'ms' });
    report.add({ scenario: 'S6', target: t, figure: 'answer ack p99, spread 2 s', value: pct(r.spread.acks.lat, 99), unit: 'ms' });
    report.add({ scenario: 'S6', target: t, figure: 'answer ack p99, burst 200 ms', value: pct(r.burst.acks.lat, 99), unit: 'ms' });
    report.add({ scenario: 'S6', target: t, figure: 'deadline → own result p99', value: pct(r.results, 99), unit: 'ms' });
    report.add({ scenario: 'S6', target: t, figure: 'answers lost', value: r.spread.acks.ok + r.burst.acks.ok - r.spread.counted - r.burst.counted, unit: '', goal: 'zero', met: r.spread.counted === options.s6Players && r.burst.counted === options.s6Players });
  }
} catch (err) {
  report.check('bench', 'ran to the end', false, String((err as Error).stack ?? err));
} finally {
  for (const p of [...procs]) await p.stop();
  await fleet.stop();
  await redisCpuReader?.close();
  await redis?.stop();
}
report.print(m);
report.write(options.out, m, options);
process.exit(report.ok() ? 0 : 1);
