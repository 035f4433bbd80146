/** S0–S3's rows for one trial at one size: Cram Night on a store beside the bare baseline of the same trial. */
import { fanoutRows } from './fanout-rows.js';
import type { RoomFigures, SeatFigures } from './one-room.js';
import { pct, type Report } from './report.js';

export function seatRows(report: Report, n: number, store: string, c: SeatFigures, b: SeatFigures) {
  const t = `${store}, ${n}`;
  const seat = c.connectMs + c.joinMs;
  report.add({ scenario: 'S0', target: t, figure: 'seat everyone (connect + join), wall', value: seat, unit: 'ms', baseline: b.connectMs, baselineName: 'bare connect', goal: '≤ 1.5× bare connect', bound: { on: 'ratio', max: 1.5 } });
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

export function roomRows(report: Report, n: number, store: string, c: RoomFigures, b: RoomFigures) {
  const t = `${store}, ${n}`;
  const luaS = store === 'redis' && b.luaSpread ? b.luaSpread : undefined;
  const luaB = store === 'redis' && b.luaBurst ? b.luaBurst : undefined;
  seatRows(report, n, store, c, b);
  fanoutRows(report, n, t, c, b);
  for (const [what, cr, base, lua, goal] of [
    ['spread 2 s', c.spread, b.spread, luaS ?? b.luaSpread, 2],
    ['burst 200 ms', c.burst, b.burst, luaB ?? b.luaBurst, 1.5],
  ] as const) {
    const ack99 = pct(cr.acks.lat, 99);
    report.add({ scenario: 'S2', target: t, figure: `answer ack p99, ${what}`, value: ack99, unit: 'ms', baseline: pct(base.acks.lat, 99), baselineName: 'bare ack' });
    if (lua) {
      const l99 = pct(lua.acks.lat, 99);
      report.add({ scenario: 'S2', target: t, figure: `answer ack p99, ${what}`, value: ack99, unit: 'ms', baseline: l99, baselineName: 'bare ack + Lua', ...(n === 2000 && { goal: `≤ ${goal}× bare + Lua`, bound: { on: 'ratio', max: goal } }) });
    }
    const eld = cr.stats.eldP99;
    report.add({ scenario: 'S2', target: t, figure: `event-loop delay p99, ${what}`, value: eld, unit: 'ms', baseline: (lua ?? base).stats.eldP99, baselineName: lua ? 'bare + Lua' : 'bare', ...(n === 2000 && what === 'spread 2 s' && { goal: '< 20 ms', bound: { on: 'value', max: 20, strict: true } }) });
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
  report.add({ scenario: 'S3', target: t, figure: 'deadline → own result p99', value: r99, unit: 'ms', baseline: pct(b.results, 99), baselineName: 'bare per-socket emit', ...(n === 2000 && { goal: '< 250 ms', bound: { on: 'value', max: 250, strict: true } }) });
  if (c.resultStats && b.resultStats) report.add({ scenario: 'S3', target: t, figure: 'server CPU, deadline → every result', value: c.resultStats.cpuMs, unit: 'ms', baseline: b.resultStats.cpuMs, baselineName: 'bare per-socket emit' });
}

