/** S4's rows for one trial of one store and pace (bench/many.ts manyRooms). */
import type { Pace, RoomsFigures } from './many.js';
import { pct, type Report } from './report.js';

export function manyRows(report: Report, store: string, pace: Pace, rooms: number, roomPlayers: number, r: RoomsFigures): void {
  const t = `${store}, ${rooms}×${roomPlayers}, ${pace}`;
  const a99 = pct(r.lat, 99);
  // The targets are for rooms playing as a class plays (PACES in bench/many.ts); flat out, the server runs
  // as fast as its one core allows and the ack time is the queue: reported, with the rate it held.
  const goal = pace === 'classroom';
  report.add({ scenario: 'S4', target: t, figure: 'answer ack p99', value: a99, unit: 'ms', ...(goal ? { goal: '< 30 ms', bound: { on: 'value', max: 30, strict: true } } : {}) });
  report.add({ scenario: 'S4', target: t, figure: 'event-loop delay p99', value: r.stats.eldP99, unit: 'ms', ...(goal ? { goal: '< 20 ms', bound: { on: 'value', max: 20, strict: true } } : {}) });
  report.add({ scenario: 'S4', target: t, figure: 'answers per second (all answers / play time)', value: (r.answered * 1000) / Math.max(1, r.playMs), unit: '/s' });
  // The ack above split into its parts (bench/ack-split.ts: both sides' records of the same ack on one clock).
  // Each p99 is of that part alone; the slowest 1 % of acks say which part their time went to.
  const sp = r.split;
  report.add({ scenario: 'S4', target: t, figure: '  answer ack p99: bot → server reads the answer (the server loop\'s wait)', value: sp.p99.toServer, unit: 'ms' });
  report.add({ scenario: 'S4', target: t, figure: '  answer ack p99: server read → ack written (server-side ack)', value: sp.p99.inServer, unit: 'ms' });
  report.add({ scenario: 'S4', target: t, figure: "  answer ack p99: ack written → bot's callback (the bots' wait)", value: sp.p99.toBot, unit: 'ms' });
  report.add({ scenario: 'S4', target: t, figure: '  slowest 1 % of acks: share of their time in the server (reading + handling)', value: 100 * (sp.tail.share.toServer + sp.tail.share.inServer), unit: '%' });
  report.add({ scenario: 'S4', target: t, figure: "  slowest 1 % of acks: share of their time in the bots' wait", value: 100 * sp.tail.share.toBot, unit: '%' });
  // The load generator's own figures: a bot whose loop is late reads its acks late, and the ack p99 above grows by that much.
  report.add({ scenario: 'S4', target: t, figure: "bots' event-loop delay p99 (worst bot process)", value: r.bots.eldP99, unit: 'ms' });
  report.add({ scenario: 'S4', target: t, figure: "bots' CPU (share of one core, busiest bot process)", value: r.bots.cpuShare * 100, unit: '%' });
  report.add({ scenario: 'S4', target: t, figure: 'server CPU (share of one core)', value: r.stats.cpuShare * 100, unit: '%' });
  // Time the processes were ready to run and had no core (Linux schedstat, main thread): the 2 cores' queue,
  // which no server code shortens except by asking for less CPU. The ack's wait to be read lands in it.
  if (r.stats.waitingMs !== undefined) report.add({ scenario: 'S4', target: t, figure: 'server main thread runnable, waiting for a core (share of the play time)', value: (100 * r.stats.waitingMs) / Math.max(1, r.stats.wallMs), unit: '%' });
  if (r.bots.waitingMs !== undefined) report.add({ scenario: 'S4', target: t, figure: "bots' main thread runnable, waiting for a core (worst bot process)", value: (100 * r.bots.waitingMs) / Math.max(1, r.bots.wallMs), unit: '%' });
  // Each GC pause stops the server's one thread: every ack and frame due meanwhile waits it out.
  report.add({ scenario: 'S4', target: t, figure: 'server GC pause p99', value: r.stats.gcP99, unit: 'ms' });
  report.add({ scenario: 'S4', target: t, figure: 'server GC pauses: longest', value: r.stats.gcMax, unit: 'ms' });
  report.add({ scenario: 'S4', target: t, figure: 'server GC pauses: share of the play time', value: (100 * r.stats.gcMs) / Math.max(1, r.stats.wallMs), unit: '%' });
  // Which kind of collection makes the long pauses: scavenges (the young generation; their pause grows with
  // what survives them) or the mark-compact's final pause (the old generation).
  for (const [kind, g] of Object.entries(r.stats.gcByKind ?? {}).sort((a, b) => b[1].max - a[1].max)) {
    report.add({ scenario: 'S4', target: t, figure: `  ${kind}: pauses`, value: g.count, unit: '' });
    report.add({ scenario: 'S4', target: t, figure: `  ${kind}: pause p99`, value: g.p99, unit: 'ms' });
    report.add({ scenario: 'S4', target: t, figure: `  ${kind}: longest`, value: g.max, unit: 'ms' });
  }
  // The heap through the games: what the play moved to the old generation (each scavenge's survivors of two
  // collections, and large objects), per answer; and what the server holds at the end.
  if (r.stats.heap) {
    report.add({ scenario: 'S4', target: t, figure: 'server heap: old generation grew by (promoted) per answer', value: (r.stats.heap.promotedMB * 1024 * 1024) / Math.max(1, r.answered), unit: 'B' });
    report.add({ scenario: 'S4', target: t, figure: 'server heap at the end of the games (garbage included)', value: r.stats.heap.usedMB, unit: 'MB' });
  }
  // What the play allocated (sets how often a scavenge runs) and what each scavenge kept (sets its pause):
  // bench/alloc-stats.ts, from V8's record of the heap before and after every GC; the load does not move them.
  const al = r.stats.alloc;
  if (al) {
    report.add({ scenario: 'S4', target: t, figure: 'server allocated per answer (all the play\'s allocation / answers)', value: al.allocatedBytes / Math.max(1, r.answered), unit: 'B' });
    report.add({ scenario: 'S4', target: t, figure: '  scavenges per 1,000 answers', value: (1000 * al.scavenges) / Math.max(1, r.answered), unit: '' });
    report.add({ scenario: 'S4', target: t, figure: '  survived per scavenge: copied in the young generation', value: al.copiedBytes / Math.max(1, al.scavenges) / 1024, unit: 'KB' });
    report.add({ scenario: 'S4', target: t, figure: '  survived per scavenge: promoted', value: al.promotedBytes / Math.max(1, al.scavenges) / 1024, unit: 'KB' });
  }
  if (r.heapAfter !== undefined) report.add({ scenario: 'S4', target: t, figure: 'server heap after the games, after a full GC, per seated player', value: r.heapAfter / Math.max(1, r.seated * roomPlayers), unit: 'B' });
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
