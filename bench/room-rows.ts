/** S0–S3's rows for one trial at one size: Cram Night on a store beside the bare baseline of the same trial. */
import { fanoutRows } from './fanout-rows.js';
import type { RoomFigures, SeatFigures } from './one-room.js';
import { pct, type Report } from './report.js';
import { s2Rows } from './s2-rows.js';

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

/**
 * BENCH_SEAT_STATS's line for one seat: the server's connect and join windows as it reported them (bench/proc-stats.ts:
 * GCs by kind, each thread's CPU, allocation, heap, page faults, the window on the monotonic clock for
 * `bench/seat-profile.ts --stats`), with the side, size and trial. Figures the rows above leave out.
 */
export function seatStatsLine(side: string, n: number, trial: number, seat: SeatFigures): string {
  return JSON.stringify({ side, n, trial, connectMs: seat.connectMs, joinMs: seat.joinMs, connect: seat.connectStats, join: seat.joinStats }) + '\n';
}

export function roomRows(report: Report, n: number, store: string, c: RoomFigures, b: RoomFigures) {
  const t = `${store}, ${n}`;
  seatRows(report, n, store, c, b);
  fanoutRows(report, n, t, c, b);
  s2Rows(report, n, t, c, b);
  const r99 = pct(c.results, 99);
  report.add({ scenario: 'S3', target: t, figure: 'deadline → own result p99', value: r99, unit: 'ms', baseline: pct(b.results, 99), baselineName: 'bare per-socket emit', ...(n === 2000 && { goal: '< 250 ms', bound: { on: 'value', max: 250, strict: true } }) });
  if (c.resultStats && b.resultStats) report.add({ scenario: 'S3', target: t, figure: 'server CPU, deadline → every result', value: c.resultStats.cpuMs, unit: 'ms', baseline: b.resultStats.cpuMs, baselineName: 'bare per-socket emit' });
}

