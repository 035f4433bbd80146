/**
 * npm run bench [-- options] — the benchmark of record (docs/performance.md).
 *
 * Starts each server as its own process (Cram Night on the memory store, on the Redis store + adapter,
 * and a bare Socket.IO baseline), drives it with bot processes on 127.0.0.0/8 (each bot its own address),
 * and prints every figure beside its baseline from the same run, with the core count and versions.
 *
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
 * BENCH_SERVER_FLAGS="--trace-gc ..."  extra Node flags for the server processes (e.g. to see GC pauses)
 * Every wait is bounded; the run stops by itself and exits non-zero if a correctness check fails.
 */
import { startRedis } from '../tests/helpers/redis-server.js';
import { redisCpu } from './redis-cpu.js';
import { Fleet } from './fleet.js';
import { spawnChild, type Proc } from './ipc.js';
import { manyRooms, memory, PACES, twoProcesses, type Pace } from './many.js';
import { bareRoom, cramRoom, warmUp, type RoomFigures, type SeatFigures } from './one-room.js';
import { fanoutRows } from './fanout-rows.js';
import { meta, pct, Report } from './report.js';

const argv = process.argv.slice(2);
// --help prints the usage above and runs nothing; an unknown option is refused before any server starts
// (a mistyped flag would otherwise run the whole default bench, ~7 minutes of both cores).
const FLAGS = ['scenarios', 'players', 'stores', 'rooms', 'room-players', 'room-questions', 's4-pace', 'idle-rooms', 'mem-players', 's6-players', 'bots', 'time-limit', 'out', 'limit-minutes'];
const SWITCHES = ['quick', 'cpu-prof', 'cpu-prof-bare'];
const USAGE = `npm run bench [-- options]   (docs/performance.md)
  --scenarios S0,S1,S2,S3,S4,S5,S6   which to run (S0–S3 run together in one room per size; S0 alone only seats)
  --players 500,2000,5000            room sizes for S0–S3
  --stores memory,redis              Cram Night stores for S0–S4
  --rooms 300 --room-players 30 --room-questions 3 --s4-pace classroom,flat-out   S4
  --idle-rooms 200 --mem-players 2000   S5;   --s6-players 10000   S6
  --bots 2 --time-limit 10 --limit-minutes 30
  --quick                            smaller sizes: a few minutes on 2 cores
  --out bench/results/latest.json    the JSON with every figure
  --cpu-prof / --cpu-prof-bare       V8 CPU profiles of Cram Night's servers / the bare baseline too, in bench/profiles/
  BENCH_SERVER_FLAGS="--trace-gc ..." extra Node flags for the server processes`;
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
const want = (s: string) => options.scenarios.includes(s);
const HARD_LIMIT_MS = Number(opt('limit-minutes', '30')) * 60_000;
setTimeout(() => {
  console.error(`bench: over ${HARD_LIMIT_MS / 60_000} minutes, stopping`);
  process.exit(2);
}, HARD_LIMIT_MS).unref();

const report = new Report();
const procs: Proc[] = [];
const redis = options.stores.includes('redis') || want('S6') ? await startRedis() : undefined;
const redisCpuReader = redis ? await redisCpu(redis.url) : undefined;
let prefixSeq = 0;

async function server(kind: 'cram' | 'bare', store: string, prefix = `bench${prefixSeq++}:`): Promise<{ p: Proc; url: string }> {
  const env = { REDIS_URL: store === 'redis' || kind === 'bare' ? (redis?.url ?? '') : '', REDIS_PREFIX: prefix };
  const prof = kind === 'cram' ? options.cpuProf : options.cpuProfBare;
  const execArgv = ['--expose-gc', ...(process.env.BENCH_SERVER_FLAGS?.split(' ').filter(Boolean) ?? []), ...(prof ? ['--cpu-prof', '--cpu-prof-dir=bench/profiles'] : [])];
  const p = await spawnChild(`${kind}-${store}`, 'bench/server.ts', [kind], { env, execArgv });
  procs.push(p);
  return { p, url: `http://127.0.0.1:${p.info.port as number}` };
}
async function stop(p: Proc) {
  await p.stop();
  procs.splice(procs.indexOf(p), 1);
}

const fleet = await Fleet.start(options.bots);
const m = meta();
console.log(`bench: ${m.cpus} cores, node ${m.node}; ${JSON.stringify(options)}`);

function seatRows(n: number, store: string, c: SeatFigures, b: SeatFigures) {
  const t = `${store}, ${n}`;
  const seat = c.connectMs + c.joinMs;
  report.add({ scenario: 'S0', target: t, figure: 'seat everyone (connect + join), wall', value: seat, unit: 'ms', baseline: b.connectMs, baselineName: 'bare connect', goal: '≤ 1.5× bare connect', met: seat <= 1.5 * b.connectMs });
  report.add({ scenario: 'S0', target: t, figure: 'join ack p99', value: pct(c.joinLat, 99), unit: 'ms', baseline: pct(b.joinLat, 99), baselineName: 'bare join ack' });
  report.add({ scenario: 'S0', target: t, figure: 'connect everyone, wall', value: c.connectMs, unit: 'ms', baseline: b.connectMs, baselineName: 'bare connect' });
  report.add({ scenario: 'S0', target: t, figure: 'join everyone, wall', value: c.joinMs, unit: 'ms', baseline: b.joinMs, baselineName: 'bare room join' });
  report.add({ scenario: 'S0', target: t, figure: 'server CPU, connect everyone', value: c.connectStats.cpuMs, unit: 'ms', baseline: b.connectStats.cpuMs, baselineName: 'bare connect' });
  report.add({ scenario: 'S0', target: t, figure: '  of which in the kernel', value: c.connectStats.sysMs ?? NaN, unit: 'ms', baseline: b.connectStats.sysMs, baselineName: 'bare connect' });
  report.add({ scenario: 'S0', target: t, figure: 'server CPU, join everyone', value: c.joinStats.cpuMs, unit: 'ms', baseline: b.joinStats.cpuMs, baselineName: 'bare room join' });
  report.add({ scenario: 'S0', target: t, figure: '  of which in the kernel', value: c.joinStats.sysMs ?? NaN, unit: 'ms', baseline: b.joinStats.sysMs, baselineName: 'bare room join' });
  if (c.connectRedisCpuMs !== undefined) report.add({ scenario: 'S0', target: t, figure: 'Redis CPU, connect everyone', value: c.connectRedisCpuMs, unit: 'ms' });
  if (c.joinRedisCpuMs !== undefined) report.add({ scenario: 'S0', target: t, figure: 'Redis CPU, join everyone', value: c.joinRedisCpuMs, unit: 'ms' });
}

function roomRows(n: number, store: string, c: RoomFigures, b: RoomFigures) {
  const t = `${store}, ${n}`;
  const luaS = store === 'redis' && b.luaSpread ? b.luaSpread : undefined;
  const luaB = store === 'redis' && b.luaBurst ? b.luaBurst : undefined;
  seatRows(n, store, c, b);
  fanoutRows(report, n, t, c, b);
  for (const [what, cr, base, lua, goal] of [
    ['spread 2 s', c.spread, b.spread, luaS ?? b.luaSpread, 2],
    ['burst 200 ms', c.burst, b.burst, luaB ?? b.luaBurst, 1.5],
  ] as const) {
    const ack99 = pct(cr.acks.lat, 99);
    report.add({ scenario: 'S2', target: t, figure: `answer ack p99, ${what}`, value: ack99, unit: 'ms', baseline: pct(base.acks.lat, 99), baselineName: 'bare ack' });
    if (lua) {
      const l99 = pct(lua.acks.lat, 99);
      report.add({ scenario: 'S2', target: t, figure: `answer ack p99, ${what}`, value: ack99, unit: 'ms', baseline: l99, baselineName: 'bare ack + Lua', ...(n === 2000 && { goal: `≤ ${goal}× bare + Lua`, met: ack99 <= goal * l99 }) });
    }
    const eld = cr.stats.eldP99;
    report.add({ scenario: 'S2', target: t, figure: `event-loop delay p99, ${what}`, value: eld, unit: 'ms', baseline: (lua ?? base).stats.eldP99, baselineName: lua ? 'bare + Lua' : 'bare', ...(n === 2000 && what === 'spread 2 s' && { goal: '< 20 ms', met: eld < 20 }) });
    report.add({ scenario: 'S2', target: t, figure: `event-loop delay max, ${what}`, value: cr.stats.eldMax, unit: 'ms', baseline: (lua ?? base).stats.eldMax, baselineName: lua ? 'bare + Lua' : 'bare' });
    report.add({ scenario: 'S2', target: t, figure: `server CPU, ${what}`, value: cr.stats.cpuMs, unit: 'ms', baseline: (lua ?? base).stats.cpuMs, baselineName: lua ? 'bare + Lua' : 'bare' });
    // The answers alone: the window up to the server's last ack (bench/server.ts), without the all-answered
    // close and its result frames, which run after every ack of a burst but before the window is read.
    const [la, lb] = [cr.stats.toLastAck, (lua ?? base).stats.toLastAck];
    if (la) {
      const bl = lua ? 'bare + Lua' : 'bare';
      report.add({ scenario: 'S2', target: t, figure: `server CPU to the last ack, ${what}`, value: la.cpuMs, unit: 'ms', baseline: lb?.cpuMs, baselineName: bl });
      report.add({ scenario: 'S2', target: t, figure: `  per ack, ${what}`, value: (la.cpuMs * 1000) / la.acks, unit: 'µs', baseline: lb && (lb.cpuMs * 1000) / lb.acks, baselineName: bl });
    }
    if (cr.redisCpuMs !== undefined) {
      // Redis's own CPU over the window (INFO cpu), beside the bare + Lua server's one script per answer.
      report.add({ scenario: 'S2', target: t, figure: `Redis CPU, ${what}`, value: cr.redisCpuMs, unit: 'ms', baseline: lua?.redisCpuMs, baselineName: 'bare + Lua' });
      report.add({ scenario: 'S2', target: t, figure: `  per answer, ${what}`, value: (cr.redisCpuMs * 1000) / n, unit: 'µs', baseline: lua?.redisCpuMs !== undefined ? (lua.redisCpuMs * 1000) / n : undefined, baselineName: 'bare + Lua' });
    }
    report.add({ scenario: 'S2', target: t, figure: `server GC pauses total, ${what}`, value: cr.stats.gcMs, unit: 'ms', baseline: (lua ?? base).stats.gcMs, baselineName: lua ? 'bare + Lua' : 'bare' });
    report.add({ scenario: 'S2', target: t, figure: `server GC pause longest, ${what}`, value: cr.stats.gcMax, unit: 'ms', baseline: (lua ?? base).stats.gcMax, baselineName: lua ? 'bare + Lua' : 'bare' });
    report.add({ scenario: 'S2', target: t, figure: `bots' event-loop delay p99 (worst bot), ${what}`, value: cr.bots.eldP99, unit: 'ms', baseline: (lua ?? base).bots.eldP99, baselineName: lua ? 'bare + Lua' : 'bare' });
  }
  const r99 = pct(c.results, 99);
  report.add({ scenario: 'S3', target: t, figure: 'deadline → own result p99', value: r99, unit: 'ms', baseline: pct(b.results, 99), baselineName: 'bare per-socket emit', ...(n === 2000 && { goal: '< 250 ms', met: r99 < 250 }) });
  if (c.resultStats && b.resultStats) report.add({ scenario: 'S3', target: t, figure: 'server CPU, deadline → every result', value: c.resultStats.cpuMs, unit: 'ms', baseline: b.resultStats.cpuMs, baselineName: 'bare per-socket emit' });
}

/** One unmeasured seat of n bots on a bare server before a size's measured seats (warmUp in one-room.ts). */
async function warmSeat(n: number): Promise<void> {
  const w = await server('bare', 'memory');
  console.log(`S0: ${n} phones, warm-up seat on bare Socket.IO (not measured)…`);
  await warmUp({ url: w.url, fleet, n });
  await stop(w.p);
}

try {
  if (want('S0') && !['S1', 'S2', 'S3'].some(want)) {
    for (const n of options.players) {
      await warmSeat(n);
      const cram: Record<string, SeatFigures> = {};
      for (const store of options.stores) {
        const s = await server('cram', store);
        console.log(`S0: ${n} phones, Cram Night on ${store}…`);
        cram[store] = await cramRoom({ url: s.url, server: s.p, fleet, n, timeLimit: options.timeLimit, report, label: `${store} ${n}`, seatOnly: true, ...(store === 'redis' && { redisCpu: redisCpuReader }) });
        await stop(s.p);
      }
      const b = await server('bare', 'memory');
      console.log(`S0: ${n} phones, bare Socket.IO…`);
      const bare = await bareRoom({ url: b.url, server: b.p, fleet, n, question: {}, lua: false, report, seatOnly: true });
      await stop(b.p);
      for (const store of options.stores) seatRows(n, store, cram[store], bare);
    }
  } else if (['S0', 'S1', 'S2', 'S3'].some(want)) {
    for (const n of options.players) {
      await warmSeat(n);
      const cram: Record<string, RoomFigures> = {};
      for (const store of options.stores) {
        const s = await server('cram', store);
        console.log(`S0–S3: ${n} phones, Cram Night on ${store}…`);
        cram[store] = (await cramRoom({ url: s.url, server: s.p, fleet, n, timeLimit: options.timeLimit, report, label: `${store} ${n}`, ...(store === 'redis' && { redisCpu: redisCpuReader }) }))!;
        await stop(s.p);
      }
      const b = await server('bare', 'memory');
      console.log(`S0–S3: ${n} phones, bare Socket.IO…`);
      const bare = await bareRoom({ url: b.url, server: b.p, fleet, n, question: Object.values(cram)[0]?.question ?? {}, lua: Boolean(redis), report, redisCpu: redisCpuReader });
      await stop(b.p);
      for (const store of options.stores) roomRows(n, store, cram[store], bare);
    }
  }
  for (const pace of options.s4Paces) if (!(pace in PACES)) throw new Error(`--s4-pace: ${pace} is not one of ${Object.keys(PACES).join(', ')}`);
  if (want('S4')) {
    for (const store of options.stores) for (const pace of options.s4Paces) {
      const s = await server('cram', store);
      console.log(`S4: ${options.rooms} rooms × ${options.roomPlayers} players on ${store}, ${pace}…`);
      const r = await manyRooms({ url: s.url, server: s.p, fleet, rooms: options.rooms, players: options.roomPlayers, questions: options.roomQuestions, pace, report, label: `${store}, ${pace}` });
      await stop(s.p);
      const t = `${store}, ${options.rooms}×${options.roomPlayers}, ${pace}`;
      const a99 = pct(r.lat, 99);
      // The targets are for rooms playing as a class plays (PACES in bench/many.ts); flat out, the server runs
      // as fast as its one core allows and the ack time is the queue: reported, with the rate it held.
      const goal = pace === 'classroom';
      report.add({ scenario: 'S4', target: t, figure: 'answer ack p99', value: a99, unit: 'ms', ...(goal ? { goal: '< 30 ms', met: a99 < 30 } : {}) });
      report.add({ scenario: 'S4', target: t, figure: 'event-loop delay p99', value: r.stats.eldP99, unit: 'ms', ...(goal ? { goal: '< 20 ms', met: r.stats.eldP99 < 20 } : {}) });
      report.add({ scenario: 'S4', target: t, figure: 'answers per second (all answers / play time)', value: (r.answered * 1000) / Math.max(1, r.playMs), unit: '/s' });
      // The load generator's own figures: a bot whose loop is late reads its acks late, and the ack p99 above grows by that much.
      report.add({ scenario: 'S4', target: t, figure: "bots' event-loop delay p99 (worst bot process)", value: r.bots.eldP99, unit: 'ms' });
      report.add({ scenario: 'S4', target: t, figure: "bots' CPU (share of one core, busiest bot process)", value: r.bots.cpuShare * 100, unit: '%' });
      report.add({ scenario: 'S4', target: t, figure: 'server CPU (share of one core)', value: r.stats.cpuShare * 100, unit: '%' });
      // Each GC pause stops the server's one thread: every ack and frame due meanwhile waits it out.
      report.add({ scenario: 'S4', target: t, figure: 'server GC pause p99', value: r.stats.gcP99, unit: 'ms' });
      report.add({ scenario: 'S4', target: t, figure: 'server GC pauses: longest', value: r.stats.gcMax, unit: 'ms' });
      report.add({ scenario: 'S4', target: t, figure: 'server GC pauses: share of the play time', value: (100 * r.stats.gcMs) / Math.max(1, r.stats.wallMs), unit: '%' });
      // CPU time for the same games is the steady measure on a shared machine (docs/performance.md).
      report.add({ scenario: 'S4', target: t, figure: 'server CPU for all games', value: r.stats.cpuMs, unit: 'ms' });
      report.add({ scenario: 'S4', target: t, figure: 'server CPU per answer (all game work / answers)', value: (r.stats.cpuMs * 1000) / Math.max(1, r.answered), unit: 'µs' });
      // What each answer costs in frames (every frame is one write to the kernel): the floor under the CPU per answer.
      const perAnswer = (n: number) => n / Math.max(1, r.answered);
      const frameTotal = Object.values(r.frames.byEvent).reduce((a, b) => a + b, 0);
      report.add({ scenario: 'S4', target: t, figure: 'frames written per answer (every event, acks, pings)', value: perAnswer(frameTotal), unit: '' });
      for (const [event, n] of Object.entries(r.frames.byEvent).sort((a, b) => b[1] - a[1])) {
        if (n >= 0.01 * r.answered) report.add({ scenario: 'S4', target: t, figure: `  of which ${event}`, value: perAnswer(n), unit: '' });
      }
    }
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
    report.add({ scenario: 'S5', target: 'memory store', figure: 'heap per idle lobby (whole deck)', value: kb(c.perRoom ?? NaN), unit: 'KB', goal: '< 20 KB', met: (c.perRoom ?? Infinity) < 20 * 1024 });
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
process.exit(report.checks.every((c) => c.ok) ? 0 : 1);
