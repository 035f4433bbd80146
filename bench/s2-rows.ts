/**
 * S2's rows for one trial at one size: the spread, the cold burst and the warm burst (bench/s2-plan.ts), each
 * against the bare ack and the bare ack + one Redis Lua call of the same trial, with the question's type in
 * the figure's name (so trials of other types are never merged) and each ack split into its three parts.
 *
 * The burst target (≤ 1.5× bare + Lua) is judged on the warm burst, measured after the same unmeasured
 * warm-up on every server (as JMH and criterion judge after warm-up iterations): a server plays game after
 * game, and only a fresh process's first ones run the answer path before V8 has tiered it up (history,
 * session 26). The cold burst — the process's second round of answers — stays in the table and the JSON
 * beside it, with its ratio, never hidden: it is what the first game after a restart gets.
 */
import type { Answering, RoomFigures } from './one-room.js';
import { pct, type Report } from './report.js';

export function s2Rows(report: Report, n: number, t: string, c: RoomFigures, b: RoomFigures): void {
  const typed = (what: string, a: Answering) => (a.type ? `${what} (${a.type})` : what);
  for (const [what, cr, base, lua, goal] of [
    [typed('spread 2 s', c.spread), c.spread, b.spread, b.luaSpread, 2],
    [typed('burst 200 ms, cold', c.burst), c.burst, b.burst, b.luaBurst, undefined],
    ...(c.warmBurst && b.warmBurst ? ([[typed('burst 200 ms, warm', c.warmBurst), c.warmBurst, b.warmBurst, b.luaWarmBurst, 1.5]] as const) : []),
  ] as const) {
    const ack99 = pct(cr.acks.lat, 99);
    report.add({ scenario: 'S2', target: t, figure: `answer ack p99, ${what}`, value: ack99, unit: 'ms', baseline: pct(base.acks.lat, 99), baselineName: 'bare ack' });
    if (lua) {
      const l99 = pct(lua.acks.lat, 99);
      report.add({ scenario: 'S2', target: t, figure: `answer ack p99, ${what}`, value: ack99, unit: 'ms', baseline: l99, baselineName: 'bare ack + Lua', ...(n === 2000 && goal !== undefined && { goal: `≤ ${goal}× bare + Lua`, bound: { on: 'ratio', max: goal } }) });
    }
    const ref = lua ?? base;
    const bl = lua ? 'bare + Lua' : 'bare';
    // Where the acks' time went (bench/ack-split.ts): each part's p99 on its own, and of the slowest 1 % of
    // acks the median of each part — the wait to be read, the server's handling (with Redis: the reply), the bots.
    if (cr.split) {
      const [s, r] = [cr.split, ref.split];
      const parts = [
        ['bot → server reads the answer', 'toServer'],
        ['server read → ack written', 'inServer'],
        ["ack written → bot's callback", 'toBot'],
      ] as const;
      for (const [name, k] of parts) report.add({ scenario: 'S2', target: t, figure: `  ack p99, ${what}: ${name}`, value: s.p99[k], unit: 'ms', baseline: r?.p99[k], baselineName: bl });
      for (const [name, k] of parts) report.add({ scenario: 'S2', target: t, figure: `  slowest 1 % of acks, median, ${what}: ${name}`, value: s.tail.median[k], unit: 'ms', baseline: r?.tail.median[k], baselineName: bl });
    }
    const eld = cr.stats.eldP99;
    report.add({ scenario: 'S2', target: t, figure: `event-loop delay p99, ${what}`, value: eld, unit: 'ms', baseline: ref.stats.eldP99, baselineName: bl, ...(n === 2000 && goal === 2 && { goal: '< 20 ms', bound: { on: 'value', max: 20, strict: true } }) });
    report.add({ scenario: 'S2', target: t, figure: `event-loop delay max, ${what}`, value: cr.stats.eldMax, unit: 'ms', baseline: ref.stats.eldMax, baselineName: bl });
    report.add({ scenario: 'S2', target: t, figure: `server CPU, ${what}`, value: cr.stats.cpuMs, unit: 'ms', baseline: ref.stats.cpuMs, baselineName: bl });
    // The answers alone: the window up to the server's last ack (bench/server.ts), without the all-answered
    // close and its result frames, which run after every ack of a burst but before the window is read.
    const [la, lb] = [cr.stats.toLastAck, ref.stats.toLastAck];
    if (la) {
      report.add({ scenario: 'S2', target: t, figure: `server CPU to the last ack, ${what}`, value: la.cpuMs, unit: 'ms', baseline: lb?.cpuMs, baselineName: bl });
      report.add({ scenario: 'S2', target: t, figure: `  per ack, ${what}`, value: (la.cpuMs * 1000) / la.acks, unit: 'µs', baseline: lb && (lb.cpuMs * 1000) / lb.acks, baselineName: bl });
    }
    if (cr.redisCpuMs !== undefined) {
      // Redis's own CPU over the window (INFO cpu), beside the bare + Lua server's one script per answer.
      report.add({ scenario: 'S2', target: t, figure: `Redis CPU, ${what}`, value: cr.redisCpuMs, unit: 'ms', baseline: lua?.redisCpuMs, baselineName: 'bare + Lua' });
      report.add({ scenario: 'S2', target: t, figure: `  per answer, ${what}`, value: (cr.redisCpuMs * 1000) / n, unit: 'µs', baseline: lua?.redisCpuMs !== undefined ? (lua.redisCpuMs * 1000) / n : undefined, baselineName: 'bare + Lua' });
    }
    report.add({ scenario: 'S2', target: t, figure: `server GC pauses total, ${what}`, value: cr.stats.gcMs, unit: 'ms', baseline: ref.stats.gcMs, baselineName: bl });
    report.add({ scenario: 'S2', target: t, figure: `server GC pause longest, ${what}`, value: cr.stats.gcMax, unit: 'ms', baseline: ref.stats.gcMax, baselineName: bl });
    report.add({ scenario: 'S2', target: t, figure: `bots' event-loop delay p99 (worst bot), ${what}`, value: cr.bots.eldP99, unit: 'ms', baseline: ref.bots.eldP99, baselineName: bl });
  }
  if (c.planTries !== undefined) report.add({ scenario: 'S2', target: t, figure: 'rooms created to get the S2 question types (bench/s2-plan.ts)', value: c.planTries, unit: '' });
}
