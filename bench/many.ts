/** S4 (many rooms at once), S5 (memory per idle room and per player), S6 (one room on two processes). */
import { writeFileSync } from 'node:fs';
import type { Socket } from 'socket.io-client';
import { joinAcks, summarize, type BotAck, type ServerAck, type SplitSummary } from './ack-split.js';
import type { Fleet } from './fleet.js';
import type { Proc } from './ipc.js';
import { cramRoom, DECK, type Stats } from './one-room.js';
import { connectOne, hostAddress } from './phone.js';
import type { Report } from './report.js';

/** Frames a server has written so far, by event (`ack`, `ping` apart): bench/server.ts countFrames. */
export interface Frames {
  byEvent: Record<string, number>;
}

function framesBetween(a: Frames, b: Frames): Frames {
  const byEvent: Record<string, number> = {};
  for (const [k, v] of Object.entries(b.byEvent)) if (v - (a.byEvent[k] ?? 0) > 0) byEvent[k] = v - (a.byEvent[k] ?? 0);
  return { byEvent };
}

export interface RoomsFigures {
  lat: number[];
  stats: Stats;
  /** The bot processes' own figures over the same window (the worst bot's loop delay and CPU share). */
  bots: Stats;
  /** Frames the server wrote while the games played, by event. */
  frames: Frames;
  answered: number;
  counted: number;
  games: number;
  seated: number;
  expected: number;
  /** Wall time from the first room's start to the last game's end. */
  playMs: number;
  /** Each ack split into its way to the server, its time in the server and its way back to the bot (bench/ack-split.ts). */
  split: SplitSummary;
  /** The server's heap after the games (rooms ended, players still connected), after a full GC: bytes. Read after the window. */
  heapAfter?: number;
}

/**
 * How fast the rooms play. `classroom` is the fastest a class plays with the game's own settings: every
 * player answers within 8 s of the question (the shortest question time is 10 s, server/engine/reading-time.ts),
 * the reveal and the leaderboard stay up 3 s each (auto-advance's minimum, shared/control-schemas.ts), and the
 * rooms start spread over one question's cycle, so at any moment some rooms are answering, some revealing.
 * `flat-out` is a stress test: answers within 2 s, the host moves on the instant the reveal arrives, all rooms
 * start within 4 s: the server runs at whatever rate its CPU allows, so its ack times are the queue's length.
 */
export const PACES = {
  classroom: { spreadMs: 8000, revealMs: 3000, boardMs: 3000, startOverMs: 14_000 },
  'flat-out': { spreadMs: 2000, revealMs: 0, boardMs: 0, startOverMs: 4000 },
} as const;
export type Pace = keyof typeof PACES;

export async function manyRooms(o: { url: string; server: Proc; fleet: Fleet; rooms: number; players: number; questions: number; pace: Pace; report: Report; label: string; traceFile?: string }): Promise<RoomsFigures> {
  const { fleet, report, label } = o;
  const bots = fleet.bots;
  const per = Math.ceil(o.rooms / bots.length);
  const seat = await Promise.all(
    bots.map((p, b) => {
      const first = Math.min(o.rooms, b * per);
      const rooms = Math.min(per, o.rooms - first);
      return p.call<{ seated: number; errors: string[] }>(
        'seatRooms',
        { url: o.url, rooms, players: o.players, firstRoom: 1000 + first, firstBot: 100_000 + first * o.players, deckId: DECK, questions: o.questions, timeLimit: 20 },
        600_000,
      );
    }),
  );
  const seated = seat.reduce((a, s) => a + s.seated, 0);
  report.check('S4', `${label}: every room created and seated`, seated === o.rooms, `${seated}/${o.rooms} ${seat.flatMap((s) => s.errors).join('; ')}`);
  const frames0 = await o.server.call<Frames>('frames');
  // S4 reads no window up to the last ack or question frame: the server keeps no CPU readings for them.
  await Promise.all([o.server.call('statsReset', { frameWindows: false }), fleet.statsReset()]);
  // Each bot starts its rooms one by one over `startOverMs`, so the rooms play at once but not in lockstep.
  const { startOverMs, ...pace } = PACES[o.pace];
  const staggerMs = Math.max(5, Math.floor(startOverMs / Math.max(1, per)));
  const t0 = performance.now();
  const parts = await Promise.all(
    bots.map((p) =>
      p.call<{ lat: number[]; acks: BotAck[]; answered: number; counted: number; games: number; errors: string[]; refused: Record<string, number> }>('playRooms', { staggerMs, ...pace }, 900_000),
    ),
  );
  const playMs = performance.now() - t0;
  const [stats, botStats] = await Promise.all([o.server.call<Stats>('statsRead'), fleet.statsRead()]);
  const frames = framesBetween(frames0, await o.server.call<Frames>('frames'));
  const closed = await o.server.call<Record<string, number>>('closed');
  const { splits, unmatched } = joinAcks(parts.flatMap((p, b) => p.acks.map((a) => ({ ...a, bot: b }))), await o.server.call<ServerAck[]>('ackTimes'));
  if (o.traceFile) {
    // BENCH_TRACE=1 (bench/trace.ts reads it): every ack's split beside the server's frames, late loop turns and
    // GC pauses, and each bot process's GC pauses and late turns, all on one clock.
    const [server, bot] = await Promise.all([o.server.call<object>('trace'), Promise.all(bots.map((p) => p.call<object>('trace')))]);
    writeFileSync(o.traceFile, JSON.stringify({ label, splits, server, bots: bot }));
  }
  // After every figure of the window is read: a full GC (bench/proc-stats.ts mem) and the heap it leaves.
  const heapAfter = (await o.server.call<Mem>('mem')).heapUsed;
  const answered = parts.reduce((a, p) => a + p.answered, 0);
  const counted = parts.reduce((a, p) => a + p.counted, 0);
  const games = parts.reduce((a, p) => a + p.games, 0);
  const expected = seated * o.players * o.questions;
  report.check('S4', `${label}: every answer acked once and counted once`, answered === expected && counted === expected, `acked ${answered}, counted ${counted}, expected ${expected}; sockets the server saw close so far: ${JSON.stringify(closed)}; ${parts.flatMap((p) => p.errors).join('; ')}`);
  report.check('S4', `${label}: every game finished`, games === seated, `${games}/${seated}`);
  return { lat: parts.flatMap((p) => p.lat), stats, bots: botStats, frames, answered, counted, games, seated, expected, playMs, split: summarize(splits, unmatched), heapAfter };
}

type Mem = { heapUsed: number; rss: number; gcExposed: boolean };

/** Idle lobbies (hosts gone, the whole deck chosen), then N joined players: bytes per room and per player. */
export async function memory(o: { url: string; server: Proc; fleet: Fleet; rooms: number; players: number; cram: boolean }): Promise<{ perRoom?: number; perPlayer: number; gcExposed: boolean }> {
  const m0 = await o.server.call<Mem>('mem');
  let perRoom: number | undefined;
  let base = m0;
  if (o.cram) {
    // 20 lobbies per host connection and address (a school's teachers share a network), so the figure is the
    // lobby's own cost, not the per-address limiter state a new address brings.
    const hosts: Socket[] = await Promise.all(Array.from({ length: Math.ceil(o.rooms / 20) }, (_, k) => connectOne(o.url, hostAddress(5000 + k))));
    await Promise.all(
      hosts.map(async (h, k) => {
        for (let i = k * 20; i < Math.min(o.rooms, (k + 1) * 20); i++) {
          const r = (await h.timeout(30_000).emitWithAck('host:create', { deckId: DECK })) as { ok: boolean; error?: { code: string } };
          if (!r.ok) throw new Error(`host:create: ${r.error?.code}`);
        }
      }),
    );
    for (const h of hosts) h.disconnect();
    await new Promise((r) => setTimeout(r, 500));
    base = await o.server.call<Mem>('mem');
    perRoom = (base.heapUsed - m0.heapUsed) / o.rooms;
  }
  let room: string | undefined;
  let host: Socket | undefined;
  if (o.cram) {
    host = await connectOne(o.url, hostAddress(9000));
    const r = (await host.timeout(30_000).emitWithAck('host:create', { deckId: DECK, questionCount: 3 })) as { ok: boolean; state: { pin: string } };
    room = r.state.pin;
    base = await o.server.call<Mem>('mem');
  }
  await o.fleet.connect([o.url], o.players);
  const j = o.cram ? await o.fleet.join({ pin: room }) : await o.fleet.join({ room: 'mem' });
  if (j.ok !== o.players) throw new Error(`memory: ${j.ok}/${o.players} joined ${JSON.stringify(j.refused)}`);
  const m2 = await o.server.call<Mem>('mem');
  await o.fleet.disconnect();
  host?.disconnect();
  return { perRoom, perPlayer: (m2.heapUsed - base.heapUsed) / o.players, gcExposed: m0.gcExposed };
}

/** S6: one room on two server processes sharing Redis; phones split between them, the host on the first. */
export async function twoProcesses(o: { urls: string[]; servers: Proc[]; fleet: Fleet; n: number; report: Report }) {
  return (await cramRoom({ url: o.urls[0], urls: o.urls, server: o.servers[0], fleet: o.fleet, n: o.n, timeLimit: 30, report: o.report, label: 'S6 two processes' }))!;
}
