/** S1's rows (question fan-out): the phones' view, the server's own part, and what shared the cores with it. */
import type { RoomFigures } from './one-room.js';
import { pct, type Report } from './report.js';

export function fanoutRows(report: Report, n: number, t: string, c: RoomFigures, b: RoomFigures): void {
  const f99 = pct(c.fanout, 99);
  const big = n >= 2000;
  report.add({ scenario: 'S1', target: t, figure: 'question to phones p99', value: f99, unit: 'ms', baseline: pct(b.fanout, 99), baselineName: 'bare broadcast', ...(big && { goal: '≤ 1.2× bare', bound: { on: 'ratio', max: 1.2 } }) });
  report.add({ scenario: 'S1', target: t, figure: "bots' event-loop delay p99 (worst bot), question fan-out", value: c.fanoutBots?.eldP99 ?? NaN, unit: 'ms', baseline: b.fanoutBots?.eldP99, baselineName: 'bare' });
  report.add({ scenario: 'S1', target: t, figure: 'question to the last phone', value: Math.max(...c.fanout), unit: 'ms', baseline: Math.max(...b.fanout), baselineName: 'bare broadcast' });
  // The server's own part of the fan-out (bench/server.ts toLastQuestion): CPU and wall time to the last
  // question frame it wrote, and its GC pauses over the whole window; the rest of a phone's wait is the bots'.
  const [cq, bq] = [c.fanoutStats?.toLastQuestion, b.fanoutStats?.toLastQuestion];
  if (cq) {
    report.add({ scenario: 'S1', target: t, figure: 'server CPU to the last question frame', value: cq.cpuMs, unit: 'ms', baseline: bq?.cpuMs, baselineName: 'bare broadcast' });
    report.add({ scenario: 'S1', target: t, figure: '  of which in the kernel', value: cq.sysMs, unit: 'ms', baseline: bq?.sysMs, baselineName: 'bare broadcast' });
    report.add({ scenario: 'S1', target: t, figure: 'server: to the last question frame, wall', value: cq.wallMs, unit: 'ms', baseline: bq?.wallMs, baselineName: 'bare broadcast' });
  }
  // Each server thread's on-CPU time over the fan-out window (Linux): the main thread writes the frames; V8's
  // workers (concurrent GC marking and sweeping) and libuv's pool are CPU the process takes beside it.
  const [ct, bt] = [c.fanoutStats?.threadsMs, b.fanoutStats?.threadsMs];
  if (ct) {
    const others = (x?: Record<string, number>) => x && Object.entries(x).reduce((a, [k, v]) => (k === 'main' ? a : a + v), 0);
    report.add({ scenario: 'S1', target: t, figure: 'server main thread CPU, question fan-out window', value: ct.main ?? NaN, unit: 'ms', baseline: bt?.main, baselineName: 'bare broadcast' });
    report.add({ scenario: 'S1', target: t, figure: 'server other threads CPU, question fan-out window', value: others(ct) ?? NaN, unit: 'ms', baseline: others(bt), baselineName: 'bare broadcast' });
    for (const [k, v] of Object.entries(ct)) if (k !== 'main' && v >= 1) report.add({ scenario: 'S1', target: t, figure: `  of which ${k}`, value: v, unit: 'ms', baseline: bt?.[k], baselineName: 'bare broadcast' });
  }
  if (c.fanoutStats) report.add({ scenario: 'S1', target: t, figure: 'server GC pauses total, question fan-out', value: c.fanoutStats.gcMs, unit: 'ms', baseline: b.fanoutStats?.gcMs, baselineName: 'bare broadcast' });
  report.add({ scenario: 'S1', target: t, figure: "bots' GC pause longest (worst bot), question fan-out", value: c.fanoutBots?.gcMax ?? NaN, unit: 'ms', baseline: b.fanoutBots?.gcMax, baselineName: 'bare' });
  // The wait for a quiet server and bots before the window (bench/settle.ts): what the join left running.
  report.add({ scenario: 'S1', target: t, figure: 'wait for a quiet server and bots before the question', value: c.settleMs ?? NaN, unit: 'ms', baseline: b.settleMs, baselineName: 'bare' });
}
