/**
 * S0–S3 in one room of N phones, against Cram Night (`cramRoom`) and against the bare Socket.IO
 * baseline (`bareRoom`) with the same bots. Each returns raw figures; run.ts turns them into rows.
 */
import type { Socket } from 'socket.io-client';
import { joinAcks, summarize, type ServerAck, type SplitSummary } from './ack-split.js';
import type { Fleet, Acked } from './fleet.js';
import type { Proc } from './ipc.js';
import { connectOne, hostAddress, now } from './phone.js';
import type { ProcStats } from './proc-stats.js';
import type { RedisCpu } from './redis-cpu.js';
import type { Report } from './report.js';
import { plannedRoom, S2_LAYOUT, wantedTypes, WARM_UP_ROUNDS } from './s2-plan.js';
import { closeVerdict, type ServerClose } from './close-check.js';
import { settle } from './settle.js';

/** A process's event-loop delay and CPU over a window (bench/proc-stats.ts): the server's and the bots'. */
export type Stats = ProcStats;
export interface Answering {
  acks: Acked;
  stats: Stats;
  /** The bot processes over the same window (worst bot's loop delay and CPU share): the load generator's own cost. */
  bots: Stats;
  counted: number;
  /** Redis's own CPU over the window (INFO cpu), when the server under test uses Redis. */
  redisCpuMs?: number;
  /** Each ack split into bot → server read, server read → ack written, ack written → bot's callback (bench/ack-split.ts). */
  split?: SplitSummary;
  /** Cram Night: the type of the question answered (bench/s2-plan.ts fixes it). */
  type?: string;
}
/** S0: seating the room. */
export interface SeatFigures {
  connectMs: number;
  joinMs: number;
  /** The server while the phones connected, and while they joined (CPU: the stable figure on a shared machine). */
  connectStats: Stats;
  joinStats: Stats;
  joinLat: number[];
  /** Redis's own CPU while the phones connected, and while they joined (Redis store only). */
  connectRedisCpuMs?: number;
  joinRedisCpuMs?: number;
}
export interface RoomFigures extends SeatFigures {
  fanout: number[];
  /** The bot processes while the question went out (worst bot's loop delay): receipt times include it. */
  fanoutBots?: Stats;
  /**
   * The server over the fan-out, from before the host's command (bare: the broadcast call) until the
   * bench has heard from every bot; its toLastQuestion is the server's own part, to the last frame written.
   */
  fanoutStats?: Stats;
  /** How long the bench waited for the server and bots to be quiet before the fan-out (bench/settle.ts). */
  settleMs?: number;
  spread: Answering;
  /** The cold burst: the server's second round of answers. */
  burst: Answering;
  /** The warm burst: the same, after S3 and WARM_UP_ROUNDS unmeasured bursts (bench/s2-plan.ts); one server only. */
  warmBurst?: Answering;
  /** bare only: the same three with one Redis Lua call before each ack. */
  luaSpread?: Answering;
  luaBurst?: Answering;
  luaWarmBurst?: Answering;
  /** Cram Night: rooms created until one's plan asked the S2 types (bench/s2-plan.ts). */
  planTries?: number;
  /** Deadline (Cram Night; on the wall clock, as the server's deadline) or send (bare) → each phone holding its own result. */
  results: number[];
  /**
   * The server over S3: Cram Night from 100 ms before the deadline until every phone holds its result (its
   * CPU is the close's, plus a few heartbeats); bare, its per-socket emits.
   */
  resultStats?: Stats;
  /** The question bytes, for the bare baseline's broadcast. */
  question?: unknown;
}

let hostSeq = 0;
export const DECK = 'mle-a-deployment';
/** S3: the phones (global index below this) that do not answer, so the question closes at its deadline. */
const SKIP = 1;

function countReasons(drops: { reason: string }[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const d of drops) out[d.reason] = (out[d.reason] ?? 0) + 1;
  return out;
}

async function ack(s: Socket, event: string, payload: unknown): Promise<Record<string, unknown>> {
  const r = (await s.timeout(30_000).emitWithAck(event, payload)) as { ok: boolean; error?: { code: string; message: string } };
  if (!r.ok) throw new Error(`${event}: ${r.error?.code} ${r.error?.message}`);
  return r as Record<string, unknown>;
}
function once<T>(s: Socket, event: string, timeoutMs = 60_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`host: no ${event} within ${timeoutMs} ms`)), timeoutMs);
    s.once(event, (p: T) => (clearTimeout(t), resolve(p)));
  });
}

async function answering(server: Proc, fleet: Fleet, run: () => Promise<Acked>, count: () => Promise<number>, redis?: RedisCpu): Promise<Answering> {
  const [, , redis0] = await Promise.all([server.call('statsReset'), fleet.statsReset(), redis?.read()]);
  const acks = await run();
  const [stats, bots, redis1, serverAcks] = await Promise.all([server.call<Stats>('statsRead'), fleet.statsRead(), redis?.read(), server.call<ServerAck[]>('ackTimes')]);
  const redisCpuMs = redis0 !== undefined && redis1 !== undefined ? redis1 - redis0 : undefined;
  let split: SplitSummary | undefined;
  if (acks.acks) {
    const j = joinAcks(acks.acks, serverAcks);
    split = summarize(j.splits, j.unmatched);
    delete acks.acks;
  }
  return { acks, stats, bots, counted: await count(), ...(redisCpuMs !== undefined && { redisCpuMs }), ...(split && { split }) };
}

/** Open the next question (from reveal: leaderboard, then the question); resolves with what the host saw. */
async function nextQuestion(host: Socket, auth: object, fleet: Fleet, n: number): Promise<{ deadline: number; type?: string }> {
  await ack(host, 'host:next', auth);
  await fleet.arm(['game:question', 'player:result']);
  const seen = once<{ deadline: number; type?: string }>(host, 'game:question');
  await ack(host, 'host:next', auth);
  const q = await fleet.collect('game:question', 60_000);
  if (q.missing > 0) throw new Error(`${q.missing} of ${n} phones did not get the question`);
  return seen;
}

export interface CramRoomOptions {
  url: string;
  server: Proc;
  fleet: Fleet;
  n: number;
  timeLimit: number;
  report: Report;
  label: string;
  /** Phones spread over these (S6: two processes); default [url]. */
  urls?: string[];
  /** Only the first question, answered over `smokeSpreadMs` (the CI smoke run): correctness only. */
  smoke?: boolean;
  smokeSpreadMs?: number;
  /** S0 alone: seat the room, then stop. */
  seatOnly?: boolean;
  /** The server's Redis (Redis store): its CPU is read over each S2 window. */
  redisCpu?: RedisCpu;
}

export async function cramRoom(o: CramRoomOptions & { seatOnly: true }): Promise<SeatFigures>;
export async function cramRoom(o: CramRoomOptions): Promise<RoomFigures | undefined>;
export async function cramRoom(o: CramRoomOptions): Promise<RoomFigures | SeatFigures | undefined> {
  const { server, fleet, n, report, label } = o;
  const measured = !o.smoke && !o.seatOnly;
  const create = (h: Socket) => ack(h, 'host:create', { deckId: DECK, questionCount: measured ? S2_LAYOUT.questions : 3, timeLimit: o.timeLimit, introSeconds: 0 });
  // A measured room asks S2's fixed question types (bench/s2-plan.ts); the smoke run and a seat take any room.
  const planned = measured ? await plannedRoom({
        connect: () => connectOne(o.url, hostAddress(hostSeq++)),
        create,
        typesOf: (pin) => server.call<string[]>('planTypes', { pin }),
        want: wantedTypes(),
      }) : undefined;
  const host = planned?.host ?? (await connectOne(o.url, hostAddress(hostSeq++)));
  try {
    const created = planned?.created ?? (await create(host));
    const pin = (created.state as { pin: string }).pin;
    const auth = { pin, hostToken: created.hostToken };
    const [, r0] = await Promise.all([server.call('statsReset'), o.redisCpu?.read()]);
    const c = await fleet.connect(o.urls ?? [o.url], n);
    const [connectStats, r1] = await Promise.all([server.call<Stats>('statsRead'), o.redisCpu?.read()]);
    await server.call('statsReset');
    const t1 = now();
    const j = await fleet.join({ pin });
    const joinMs = now() - t1;
    const [joinStats, r2] = await Promise.all([server.call<Stats>('statsRead'), o.redisCpu?.read()]);
    report.check('S0', `${label}: every phone seated`, j.ok === n, `${j.ok}/${n} joined ${JSON.stringify(j.refused)}`);
    const seat: SeatFigures = { connectMs: c.wallMs, joinMs, connectStats, joinStats, joinLat: j.lat };
    if (r0 !== undefined && r1 !== undefined && r2 !== undefined) Object.assign(seat, { connectRedisCpuMs: r1 - r0, joinRedisCpuMs: r2 - r1 });
    if (o.seatOnly) return seat;

    await fleet.arm(['game:question', 'player:result']);
    const seen = once<unknown>(host, 'game:question');
    const settleMs = await settle(server, fleet);
    await Promise.all([fleet.statsReset(), server.call('statsReset')]);
    const tq = now();
    await ack(host, 'host:start', auth);
    const q = await fleet.collect('game:question', 60_000);
    const [fanoutBots, fanoutStats] = await Promise.all([fleet.statsRead(), server.call<Stats>('statsRead')]);
    report.check('S1', `${label}: every phone got the question`, q.missing === 0, `${q.missing} missing`);
    // The server's own count (bench/server.ts toLastQuestion): a frame written to every phone (and the host).
    // One server only: with phones spread over two processes (S6), `server` writes to its own half, and the
    // phones' check above is the one that covers them all.
    if ((o.urls?.length ?? 1) === 1) {
      const written = fanoutStats.toLastQuestion?.frames ?? 0;
      report.check('S1', `${label}: the server wrote the question to every phone`, written >= n, `${written} question frames written for ${n} phones`);
    }
    const question = await seen;

    // The question's type goes into the S2 check's detail: the deck's shuffle picks it, and a match or order
    // answer costs more to validate than a single choice (docs/performance-history.md, session 20).
    const check = async (a: Answering, what: string, expect: number, type?: string) => {
      // A phone's one frame at the reveal: its own result (with rank), carrying the reveal.
      const res = await fleet.collect('player:result', 60_000, 'rank');
      const rv = await fleet.collect('player:result', 1000, 'reveal.index');
      report.check('S2', `${label} ${what}: every answer acked once and counted once`, a.acks.ok === expect && a.counted === expect, `acked ${a.acks.ok}, counted ${a.counted}, expected ${expect} ${JSON.stringify(a.acks.refused)}, a ${type ?? '?'} question`);
      report.check('S3', `${label} ${what}: every phone got its own result with rank and the reveal in it`, rv.withField === n && res.withField === n, `results with the reveal ${rv.withField}/${n}, with rank ${res.withField}/${n}`);
      return res;
    };
    const burstRound = async (index: number, what: string, type?: string): Promise<Answering> => {
      const a = await answering(server, fleet, () => fleet.answer({ kind: 'cram', pin, index, spreadMs: 200 }), () => server.call('count', { pin, index }), o.redisCpu);
      await check(a, what, n, type);
      return { ...a, ...(type && { type }) };
    };
    const spreadType = (question as { type?: string }).type;
    const spread = await answering(server, fleet, () => fleet.answer({ kind: 'cram', pin, index: 0, spreadMs: o.smoke ? (o.smokeSpreadMs ?? 500) : 2000 }), () => server.call('count', { pin, index: 0 }), o.redisCpu);
    await check(spread, 'spread', n, spreadType);
    if (o.smoke) return undefined;
    if (spreadType) spread.type = spreadType;

    const burst = await burstRound(S2_LAYOUT.burst, 'burst', (await nextQuestion(host, auth, fleet, n)).type);

    // S3: all but one phone answer, so the question closes at its deadline.
    const { deadline } = await nextQuestion(host, auth, fleet, n);
    const last = await fleet.answer({ kind: 'cram', pin, index: 2, spreadMs: 1000, skip: SKIP });
    report.check('S3', `${label}: answers before the deadline accepted`, last.ok === n - SKIP, `${last.ok}/${n - SKIP} ${JSON.stringify(last.refused)}`);
    // From just before the deadline: the wait before it would add ~2,000 heartbeats to the close's CPU.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, deadline - 100 - Date.now())));
    await server.call('statsReset');
    const res = await fleet.collect('player:result', o.timeLimit * 1000 + 60_000, 'rank');
    const resultStats = await server.call<Stats>('statsRead');
    const [rv, closed, drops] = await Promise.all([fleet.collect('player:result', 1000, 'reveal.index'), server.call<ServerClose>('closeInfo', { pin }), fleet.drops()]);
    report.check('S3', `${label}: every phone holds its result, rank and the reveal after the deadline`, res.withField === n && rv.withField === n, `${res.withField}/${n} with rank, ${rv.withField}/${n} with the reveal; phones disconnected: ${drops.count}`);
    // One phone did not answer, so nothing may close the question before its deadline (run 7's S6 seemed to close it
    // ~5 s early once: a wall-clock step under the bots' clock, bench/close-check.ts). On the wall clock, as the deadline.
    const phones = { steps: res.steps, dropped: drops.count, droppedReasons: countReasons(drops.first), skippedDropped: drops.first.some((d) => d.g < SKIP) };
    const verdict = closeVerdict(deadline, res.wall.length > 0 ? Math.min(...res.wall) : NaN, closed, phones);
    report.check('S3', `${label}: the question with one phone unanswered closed at its deadline, not before`, verdict.ok, verdict.detail);
    const results = res.wall.map((t) => t - deadline);

    // The warm-up (not measured: its figures are dropped, its counts still checked), then the warm burst. S6's
    // room on two processes keeps its one cold burst (reported without a baseline).
    if ((o.urls?.length ?? 1) > 1) return { ...seat, fanout: q.times.map((t) => t - tq), fanoutBots, fanoutStats, settleMs, spread, burst, results, resultStats, question, planTries: planned!.tries };
    for (const index of S2_LAYOUT.warmUp) await burstRound(index, `warm-up burst ${index - S2_LAYOUT.warmUp[0] + 1}/${WARM_UP_ROUNDS}`, (await nextQuestion(host, auth, fleet, n)).type);
    const warmBurst = await burstRound(S2_LAYOUT.warmBurst, 'warm burst', (await nextQuestion(host, auth, fleet, n)).type);
    return { ...seat, fanout: q.times.map((t) => t - tq), fanoutBots, fanoutStats, settleMs, spread, burst, warmBurst, results, resultStats, question, planTries: planned!.tries };
  } finally {
    host.disconnect();
    await fleet.disconnect();
  }
}

/**
 * An unmeasured seat (connect, join a room, leave) on a bare server, run before each room size's measured
 * seats. One bot fleet seats Cram Night first and the bare server last, so without it the first measured
 * seat met bots whose own client code was still cold (their CPU per seat halved over the first three seats
 * in session 22's check): the warm-up gives every measured seat equally warm bots.
 */
export async function warmUp(o: { url: string; fleet: Fleet; n: number }): Promise<void> {
  try {
    await o.fleet.connect([o.url], o.n);
    await o.fleet.join({ room: `warm-${hostSeq++}` });
  } finally {
    await o.fleet.disconnect();
  }
}

const SAMPLE_RESULT = { index: 0, answered: true, credit: 1, correct: true, points: 950, score: 950, streak: 1 };

type BareOptions = { url: string; server: Proc; fleet: Fleet; n: number; question: unknown; lua: boolean; report: Report; seatOnly?: boolean; redisCpu?: RedisCpu };
export async function bareRoom(o: BareOptions & { seatOnly: true }): Promise<SeatFigures>;
export async function bareRoom(o: BareOptions): Promise<RoomFigures>;
export async function bareRoom(o: BareOptions): Promise<RoomFigures | SeatFigures> {
  const { server, fleet, n, report } = o;
  const room = `bare-${hostSeq++}`;
  try {
    await server.call('statsReset');
    const c = await fleet.connect([o.url], n);
    const connectStats = await server.call<Stats>('statsRead');
    await server.call('statsReset');
    const t1 = now();
    const j = await fleet.join({ room });
    const joinMs = now() - t1;
    const joinStats = await server.call<Stats>('statsRead');
    report.check('S0', 'bare: every phone seated', j.ok === n, `${j.ok}/${n}`);
    const seat: SeatFigures = { connectMs: c.wallMs, joinMs, connectStats, joinStats, joinLat: j.lat };
    if (o.seatOnly) return seat;
    await fleet.arm(['game:question', 'player:result']);
    const settleMs = await settle(server, fleet);
    await Promise.all([fleet.statsReset(), server.call('statsReset')]);
    const tq = now();
    await server.call('broadcast', { room, event: 'game:question', payload: o.question });
    const q = await fleet.collect('game:question', 60_000);
    const [fanoutBots, fanoutStats] = await Promise.all([fleet.statsRead(), server.call<Stats>('statsRead')]);
    report.check('S1', 'bare: every phone got the question', q.missing === 0, `${q.missing} missing`);
    const bareRound = (index: number, spreadMs: number) => answering(server, fleet, () => fleet.answer({ kind: 'bare', room, index, spreadMs }), async () => n);
    const luaRound = async (key: string, index: number, spreadMs: number) => {
      const a = await answering(server, fleet, () => fleet.answer({ kind: 'lua', room: `${room}-${key}`, index, spreadMs }), () => server.call('count', { room: `${room}-${key}` }), o.redisCpu);
      report.check('S2', `bare+lua ${key}: every answer stored once`, a.counted === n, `${a.counted} of ${n}`);
      return a;
    };
    const spread = await bareRound(0, 2000);
    const burst = await bareRound(1, 200);
    const luaSpread = o.lua ? await luaRound('s', 0, 2000) : undefined;
    const luaBurst = o.lua ? await luaRound('b', 1, 200) : undefined;
    await server.call('statsReset');
    const tr = now();
    await server.call('perSocket', { room, event: 'player:result', payload: SAMPLE_RESULT });
    const res = await fleet.collect('player:result', 60_000, 'rank');
    const resultStats = await server.call<Stats>('statsRead');
    report.check('S3', 'bare: every phone got its own message', res.withField === n, `${res.withField}/${n}`);
    // The same warm-up as Cram Night's, after S3 as there (bench/s2-plan.ts): WARM_UP_ROUNDS unmeasured bursts of each kind, then the warm bursts.
    for (let k = 0; k < WARM_UP_ROUNDS; k++) {
      await bareRound(2 + k, 200);
      if (o.lua) await luaRound(`w${k}`, 2 + k, 200);
    }
    const warmBurst = await bareRound(2 + WARM_UP_ROUNDS, 200);
    const luaWarmBurst = o.lua ? await luaRound('wb', 2 + WARM_UP_ROUNDS, 200) : undefined;
    return { ...seat, fanout: q.times.map((t) => t - tq), fanoutBots, fanoutStats, settleMs, spread, burst, warmBurst, luaSpread, luaBurst, luaWarmBurst, results: res.times.map((t) => t - tr), resultStats };
  } finally {
    await fleet.disconnect();
  }
}
