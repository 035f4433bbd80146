/**
 * S4, inside a bot process: many rooms, each with its own host and players, playing staggered games.
 * `seatRooms` creates the rooms and seats their players; `playRooms` plays every room's game (each
 * question: open, every player answers within `spreadMs`, reveal for `revealMs`, leaderboard for `boardMs`)
 * and times every ack.
 */
import type { Socket } from 'socket.io-client';
import { ackKey, type BotAck } from './ack-split.js';
import { answerFor, botAddress, connectOne, hostAddress, now } from './phone.js';

export interface SeatArgs {
  url: string;
  rooms: number;
  players: number;
  firstRoom: number;
  firstBot: number;
  deckId: string;
  questions: number;
  timeLimit: number;
}
export interface PlayArgs {
  staggerMs: number;
  /** Each player answers at a random moment within this long after the question reaches their phone. */
  spreadMs: number;
  /** How long the host leaves the reveal, then the leaderboard, on screen before moving on (0: at once). */
  revealMs: number;
  boardMs: number;
}

interface Room {
  host: Socket;
  pin: string;
  hostToken: string;
  players: Socket[];
}

let rooms: Room[] = [];
/** Why seated sockets went away during play (socket.io-client's disconnect reason), for the errors list. */
let dropped: Record<string, number> = {};
const watchDrops = (s: Socket, who: string) =>
  s.on('disconnect', (reason) => {
    const k = `${who}: ${reason}`;
    dropped[k] = (dropped[k] ?? 0) + 1;
  });
let questions = 0;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function once<T>(s: Socket, event: string, timeoutMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no ${event} within ${timeoutMs} ms`)), timeoutMs);
    s.once(event, (p: T) => (clearTimeout(t), resolve(p)));
  });
}

async function ack(s: Socket, event: string, payload: unknown): Promise<{ ok: boolean; error?: { code: string; message: string } } & Record<string, unknown>> {
  return (await s.timeout(30_000).emitWithAck(event, payload)) as never;
}

/** A phone retries a refused or failed connection, as the real client does (three times, backing off). */
async function connectRetry(url: string, addr: string): Promise<Socket> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await connectOne(url, addr);
    } catch (err) {
      if (attempt >= 3) throw err;
      await sleep(500 * 2 ** attempt);
    }
  }
}

export async function seatRooms(a: SeatArgs): Promise<{ seated: number; errors: string[] }> {
  questions = a.questions;
  const errors: string[] = [];
  const made = await Promise.all(
    Array.from({ length: a.rooms }, async (_, r): Promise<Room | undefined> => {
      try {
        await sleep(r * 20);
        const host = await connectRetry(a.url, hostAddress(a.firstRoom + r));
        const c = await ack(host, 'host:create', { deckId: a.deckId, questionCount: a.questions, timeLimit: a.timeLimit, introSeconds: 0 });
        if (!c.ok) throw new Error(`host:create: ${c.error?.code} ${c.error?.message}`);
        const pin = (c.state as { pin: string }).pin;
        const players: Socket[] = [];
        for (let j = 0; j < a.players; j++) players.push(await connectRetry(a.url, botAddress(a.firstBot + r * a.players + j)));
        const joins = await Promise.all(players.map((s, j) => ack(s, 'player:join', { pin, nickname: `R${a.firstRoom + r} P${j}` })));
        const bad = joins.find((j) => !j.ok);
        if (bad) throw new Error(`player:join: ${bad.error?.code} ${bad.error?.message}`);
        watchDrops(host, 'host');
        for (const s of players) watchDrops(s, 'player');
        return { host, pin, hostToken: c.hostToken as string, players };
      } catch (err) {
        errors.push(String(err));
        return undefined;
      }
    }),
  );
  rooms = made.filter((r): r is Room => r !== undefined);
  return { seated: rooms.length, errors: errors.slice(0, 5) };
}

/** socket.io-client's next ack id and its engine.io socket id (untyped members): an ack's key on both sides. */
export type Inner = { ids: number; io: { engine: { id: string; on(ev: 'packet', fn: (p: { type: string; data?: unknown }) => void): void } } };

/** When each player socket's engine.io last read an ack frame: the bot's side of an ack's split (bench/ack-split.ts). */
export function watchAckReads(s: Socket): { at: number } {
  const seen = { at: NaN };
  (s as unknown as Inner).io.engine.on('packet', (p) => {
    if (p.type === 'message' && typeof p.data === 'string' && p.data.charCodeAt(0) === 51) seen.at = now();
  });
  return seen;
}

export async function playRooms(a: PlayArgs) {
  const lat: number[] = [];
  const acks: BotAck[] = [];
  const reads = new Map<Socket, { at: number }>();
  for (const room of rooms) for (const s of room.players) reads.set(s, watchAckReads(s));
  const refused: Record<string, number> = {};
  const errors: string[] = [];
  let answered = 0;
  let counted = 0;
  let games = 0;
  await Promise.all(
    rooms.map(async (room, r) => {
      await sleep(r * a.staggerMs);
      const auth = { pin: room.pin, hostToken: room.hostToken };
      try {
        for (let q = 0; q < questions; q++) {
          const views = room.players.map((s) => once<{ type: string }>(s, 'game:question', 30_000));
          const reveal = once<{ answered?: number; players?: number }>(room.host, 'game:reveal', 60_000);
          const opened = await ack(room.host, q === 0 ? 'host:start' : 'host:next', auth);
          if (!opened.ok) {
            // The waits above will time out: mark them handled, so the room's failure is reported below
            // instead of their rejections ending the bot process (seen under load in session 27).
            for (const w of [...views, reveal]) w.catch(() => {});
            throw new Error(`open question ${q}: ${opened.error?.code}`);
          }
          const vs = await Promise.all(views);
          await Promise.all(
            room.players.map(async (s, j) => {
              await sleep(Math.random() * a.spreadMs);
              const inner = s as unknown as Inner;
              const key = ackKey(inner.io.engine.id, inner.ids);
              const t = now();
              const res = await ack(s, 'player:answer', { pin: room.pin, index: q, answer: answerFor(vs[j] as never, j) });
              const done = now();
              lat.push(done - t);
              const read = reads.get(s)!.at;
              acks.push({ key, sentAt: t, ...(read >= t ? { readAt: read } : {}), doneAt: done });
              if (res.ok) answered++;
              else refused[res.error?.code ?? 'NO_ACK'] = (refused[res.error?.code ?? 'NO_ACK'] ?? 0) + 1;
            }),
          );
          const rv = await reveal;
          const seen = rv.answered ?? 0;
          counted += seen;
          if (seen !== room.players.length) errors.push(`room ${room.pin} question ${q}: the reveal counts ${seen} answers of ${rv.players} players (${room.players.length} answered)`);
          if (a.revealMs > 0) await sleep(a.revealMs);
          const lb = await ack(room.host, 'host:next', auth);
          if (!lb.ok) throw new Error(`leaderboard ${q}: ${lb.error?.code}`);
          if (a.boardMs > 0) await sleep(a.boardMs);
        }
        await ack(room.host, 'host:next', auth);
        games++;
      } catch (err) {
        errors.push(`room ${room.pin}: ${String(err)}`);
      }
    }),
  );
  if (Object.keys(dropped).length > 0) errors.unshift(`sockets dropped during play: ${JSON.stringify(dropped)}`);
  dropped = {};
  for (const room of rooms) {
    room.host.off('disconnect');
    for (const s of room.players) s.off('disconnect');
    room.host.disconnect();
    for (const s of room.players) s.disconnect();
  }
  rooms = [];
  return { lat, acks, refused, answered, counted, games, errors: errors.slice(0, 5) };
}
