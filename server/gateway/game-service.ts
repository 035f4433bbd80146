/**
 * The "master": loads a room from the store, runs the pure engine, writes the
 * result back with compare-and-set, then carries out the effects (emits and
 * timers). Every process runs one; the store, not a process, is the authority.
 */
import type { Deck } from '../../shared/deck.js';
import { scoreQuestion } from '../engine/close.js';
import { rankPlayers } from '../engine/ranking.js';
import { reduce, type Effect, type RoomEvent } from '../engine/reducer.js';
import type { PreparedQuestion, RoomState } from '../engine/types.js';
import { finalView, podiumView, questionView, revealView } from '../engine/views.js';
import type { RoomStore } from '../store/types.js';
import { Scheduler } from '../timer/scheduler.js';
import { GameError } from './ack.js';
import { Batcher } from './batcher.js';
import { hostChannel, playerChannel, roomChannel } from './channels.js';
import type { IO } from './types.js';

export interface Log {
  info: (o: object, m: string) => void;
  warn: (o: object, m: string) => void;
  error: (o: object, m: string) => void;
}

/** A finished game stays readable this long (final screens, rejoin), then its keys expire. */
export const ENDED_TTL_MS = 60 * 60 * 1000;
/** A close left unfinished this long (its process died) is finished by the sweep. */
const STALE_CLOSE_MS = 1000;
const CAS_ATTEMPTS = 8;
/** Rooms whose questions one process keeps in memory (oldest dropped first). */
const QUESTION_CACHE_ROOMS = 2000;

export class GameService {
  readonly batcher: Batcher;
  readonly scheduler: Scheduler;
  /** A room's questions never change, so each process keeps them; keyed by PIN and checked against the room's createdAt (a PIN can be reused after a room expires). */
  private questionCache = new Map<string, { createdAt: number; qs: PreparedQuestion[] }>();

  constructor(
    readonly io: IO,
    readonly store: RoomStore,
    readonly decks: Map<string, Deck>,
    readonly log: Log,
    readonly now: () => number = Date.now,
  ) {
    this.batcher = new Batcher(io);
    this.scheduler = new Scheduler(
      {
        onDeadline: (pin, index) => this.apply(pin, { type: 'deadline', index }).then(() => undefined),
        dueRooms: (now) => store.dueRooms(now),
        onDue: (pin) => this.onDue(pin),
      },
      log,
    );
  }

  async questions(room: RoomState): Promise<PreparedQuestion[]> {
    const cached = this.questionCache.get(room.pin);
    if (cached && cached.createdAt === room.createdAt) return cached.qs;
    const qs = await this.store.getQuestions(room.pin);
    if (!qs) throw new GameError('ROOM_NOT_FOUND', 'Game not found — check the PIN.');
    this.questionCache.delete(room.pin);
    if (this.questionCache.size >= QUESTION_CACHE_ROOMS) this.questionCache.delete(this.questionCache.keys().next().value as string);
    this.questionCache.set(room.pin, { createdAt: room.createdAt, qs });
    return qs;
  }

  async room(pin: string): Promise<RoomState> {
    const room = await this.store.getRoom(pin);
    if (!room) throw new GameError('ROOM_NOT_FOUND', 'Game not found — check the PIN.');
    return room;
  }

  /** Runs one engine event against the stored room; retries on a concurrent write. */
  async apply(pin: string, event: RoomEvent): Promise<RoomState> {
    for (let attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
      const room = await this.room(pin);
      const qs = await this.questions(room);
      const res = reduce(room, event, this.now(), (i) => qs[i]?.durationMs ?? 0);
      if (!res.ok) throw new GameError(res.error.code, res.error.message);
      if (res.state !== room && !(await this.store.updateRoom(pin, room.version, res.state))) continue;
      await this.run(pin, res.state, res.effects, qs);
      return res.state;
    }
    throw new GameError('INTERNAL', 'The game is busy — try again.');
  }

  private async run(pin: string, room: RoomState, effects: Effect[], qs: PreparedQuestion[]): Promise<void> {
    for (const e of effects) {
      switch (e.type) {
        case 'openQuestion':
          this.io.to(roomChannel(pin)).emit('game:question', questionView(room, qs[e.index], this.now()));
          this.scheduler.schedule(pin, e.index, e.deadline);
          break;
        case 'scoreQuestion':
          this.scheduler.cancel(pin);
          await this.finishClose(pin, e.index);
          break;
        case 'showLeaderboard':
          this.io.to(roomChannel(pin)).emit('game:leaderboard', {
            index: room.index,
            total: room.questionCount,
            top: room.leaderboard ?? [],
            players: room.reveal?.players ?? 0,
          });
          break;
        case 'endGame':
          this.scheduler.cancel(pin);
          await this.finishGame(pin, room);
          break;
        case 'kickPlayer':
          await this.kick(pin, e.playerId);
          break;
      }
    }
  }

  /** Scores a question whose room is in 'closing'. Idempotent: only the first commit wins and emits. */
  async finishClose(pin: string, index: number): Promise<void> {
    const room = await this.room(pin);
    if (room.phase !== 'closing' || room.index !== index) return;
    const qs = await this.questions(room);
    const [players, answers] = await Promise.all([this.store.listPlayers(pin), this.store.getAnswers(pin, index)]);
    const outcome = scoreQuestion(room, qs[index], players, answers, this.now());
    if (!(await this.store.commitScores(pin, room.version, outcome.state, outcome.updates))) return;
    const reveal = revealView(outcome.state, qs[index]);
    if (reveal) this.io.to(roomChannel(pin)).emit('game:reveal', reveal);
    for (const [id, result] of outcome.results) this.io.to(playerChannel(pin, id)).emit('player:result', result);
  }

  private async finishGame(pin: string, room: RoomState): Promise<void> {
    const players = await this.store.listPlayers(pin);
    const ranked = rankPlayers(players);
    await this.store.setRanks(pin, ranked.map(({ player, rank }) => ({ id: player.id, rank })));
    this.io.to(roomChannel(pin)).emit('game:podium', podiumView(room, players));
    for (const { player, rank } of ranked) {
      this.io.to(playerChannel(pin, player.id)).emit('player:final', finalView({ ...player, rank }, ranked.length));
    }
    this.batcher.forget(pin);
    this.questionCache.delete(pin);
    await this.store.expireRoom(pin, ENDED_TTL_MS);
  }

  private async kick(pin: string, playerId: string): Promise<void> {
    if (!(await this.store.kickPlayer(pin, playerId))) throw new GameError('UNKNOWN_PLAYER', 'That player is not in this game.');
    const channel = playerChannel(pin, playerId);
    this.io.to(channel).emit('player:kicked', { message: 'The host removed you from this game.' });
    this.io.in(channel).socketsLeave([roomChannel(pin), hostChannel(pin), channel]);
    this.batcher.left(pin, playerId, await this.store.playerCount(pin));
  }

  /** Called by the sweep for a room whose deadline passed or whose close was left unfinished. */
  private async onDue(pin: string): Promise<void> {
    const room = await this.store.getRoom(pin);
    if (!room) return;
    if (room.phase === 'question') await this.apply(pin, { type: 'deadline', index: room.index });
    else if (room.phase === 'closing' && this.now() - room.updatedAt >= STALE_CLOSE_MS) await this.finishClose(pin, room.index);
  }

  start(): void {
    this.scheduler.start();
  }

  stop(): void {
    this.scheduler.stop();
    this.batcher.close();
  }
}
