/**
 * The "master": loads a room from the store, runs the pure engine, writes the
 * result back with compare-and-set, then carries out the effects (emits and
 * timers). Every process runs one; the store, not a process, is the authority.
 */
import type { Deck } from '../../shared/deck.js';
import type { FinalView } from '../../shared/protocol.js';
import { withRevealClock } from '../engine/clock.js';
import { setupGame, requestOf } from '../engine/setup.js';
import { cryptoRng } from '../util/random.js';
import { scoreQuestion } from '../engine/close.js';
import { clockView } from '../engine/control-views.js';
import { internPlan, plannedQuestion } from '../engine/prepare.js';
import { rankPlayers } from '../engine/ranking.js';
import { reduce, type Effect, type RoomEvent } from '../engine/reducer.js';
import type { PreparedQuestion, RoomState } from '../engine/types.js';
import { finalView, podiumView, questionView, revealView } from '../engine/views.js';
import type { LearningService } from '../learning/service.js';
import type { RoomStore } from '../store/types.js';
import { Scheduler } from '../timer/scheduler.js';
import { TurnQueue } from '../timer/turns.js';
import { GameError, roomNotFound } from './ack.js';
import { lazyQuestions, type LazyQuestions } from './lazy-questions.js';
import { Batcher } from './batcher.js';
import { hostChannel, playerChannel, roomChannel } from './channels.js';
import { Deliverer } from './deliver.js';
import { releaseFlushedPackets } from './frames.js';
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
/** Effects that write a frame to every phone of the room: each room's in a turn of the event loop of its own (timer/turns.ts). */
const FAN_OUT = new Set<Effect['type']>(['openQuestion', 'showLeaderboard']);

export class GameService {
  readonly batcher: Batcher;
  readonly scheduler: Scheduler;
  /** Room transitions write their frames one room per event-loop turn, deadline timers start one per turn (timer/turns.ts). */
  readonly turns = new TurnQueue();
  /** Each player's own frame (result with the reveal, final standing), one Redis message per delivery. */
  readonly deliverer: Deliverer;
  /** A room's questions never change, so each process keeps them; keyed by PIN and checked against the room's createdAt (a PIN can be reused after a room expires). */
  private questionCache = new Map<string, { createdAt: number } & LazyQuestions>();
  /** Set by the learning plugin: logs closed questions and writes the report at the end. */
  learning?: LearningService;

  constructor(
    readonly io: IO,
    readonly store: RoomStore,
    readonly decks: Map<string, Deck>,
    readonly log: Log,
    readonly now: () => number = Date.now,
  ) {
    this.batcher = new Batcher(io);
    this.deliverer = new Deliverer(io, log);
    // Frames to idle phones die young instead of being promoted with engine.io's dropped write buffers (frames.ts).
    releaseFlushedPackets(io.engine);
    this.scheduler = new Scheduler(
      {
        onDeadline: (pin) => this.turns.next('start').then(() => this.onTimer(pin)),
        dueRooms: (now) => store.dueRooms(now),
        onDue: (pin) => this.onDue(pin),
      },
      log,
    );
  }

  /**
   * The room's questions if this process holds them, with the game (createdAt) they belong to, without
   * any store read: the answer path's fast lane (the store checks the game in the same atomic step).
   */
  cachedQuestions(pin: string): ({ createdAt: number } & LazyQuestions) | undefined {
    return this.questionCache.get(pin);
  }

  /**
   * The room's questions, each rebuilt from the loaded deck and its plan the first time it is read
   * (then kept). A question the deck no longer has fails with DECK_NOT_FOUND.
   */
  async questions(room: RoomState): Promise<PreparedQuestion[]> {
    const cached = this.questionCache.get(room.pin);
    if (cached && cached.createdAt === room.createdAt) return cached.qs;
    const stored = await this.store.getQuestions(room.pin);
    if (!stored) throw roomNotFound();
    const deck = this.decks.get(stored.deckId);
    if (!deck) throw new GameError('DECK_NOT_FOUND', 'This game’s deck is no longer on the server.');
    const plan = internPlan(deck, stored);
    const lazy = lazyQuestions(plan.ids.length, (i) => {
      try {
        return plannedQuestion(deck, plan, i)!;
      } catch (err) {
        throw new GameError('DECK_NOT_FOUND', `This game’s deck has changed: ${(err as Error).message}.`);
      }
    });
    this.questionCache.delete(room.pin);
    if (this.questionCache.size >= QUESTION_CACHE_ROOMS) this.questionCache.delete(this.questionCache.keys().next().value as string);
    this.questionCache.set(room.pin, { createdAt: room.createdAt, ...lazy });
    return lazy.qs;
  }

  async room(pin: string): Promise<RoomState> {
    const room = await this.store.getRoom(pin);
    if (!room) throw roomNotFound();
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

  /** "New game with the same players": fresh questions from the same setup, everyone back in the lobby at 0. */
  async restart(pin: string, hostToken: string): Promise<RoomState> {
    for (let attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
      const room = await this.room(pin);
      const deck = this.decks.get(room.deckId);
      if (!deck) throw new GameError('DECK_NOT_FOUND', 'That deck is no longer available — start a new game.');
      const setup = setupGame(deck, requestOf(room.settings), cryptoRng);
      if (!setup.ok) throw new GameError('BAD_REQUEST', setup.message);
      const event = { type: 'restart', hostToken, questionCount: setup.questions.length, expectedMs: setup.settings.expectedMs } as const;
      const res = reduce(room, event, this.now(), () => 0);
      if (!res.ok) throw new GameError(res.error.code, res.error.message);
      if (!(await this.store.restartRoom(pin, room.version, res.state, setup.plan))) continue;
      this.questionCache.delete(pin);
      await this.run(pin, res.state, res.effects, setup.questions);
      return res.state;
    }
    throw new GameError('INTERNAL', 'The game is busy — try again.');
  }

  private async run(pin: string, room: RoomState, effects: Effect[], qs: PreparedQuestion[]): Promise<void> {
    if (effects.some((e) => FAN_OUT.has(e.type))) await this.turns.next();
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
        case 'kickPlayers':
          await this.kick(pin, room, e.playerIds);
          break;
        case 'clock':
          this.armClock(pin, room);
          // Measured at the transition's own time, so the remaining time is exactly what the engine kept.
          this.io.to(roomChannel(pin)).emit('game:clock', clockView(room, qs[room.index], room.updatedAt));
          // A resumed question may already have every connected answer in.
          if (room.phase === 'question' && !room.pause) await this.checkAllAnswered(pin, room.index);
          break;
        case 'lockChanged':
          this.io.to(hostChannel(pin)).emit('host:room', { locked: e.locked });
          break;
        case 'restartGame':
          this.scheduler.cancel(pin);
          this.batcher.forget(pin);
          this.io.to(roomChannel(pin)).emit('game:restart', { pin });
          break;
      }
    }
  }

  /** Sets the local timer to the room's running clock (question deadline or auto-advance), or clears it. */
  private armClock(pin: string, room: RoomState): void {
    if (room.pause) this.scheduler.cancel(pin);
    else if (room.phase === 'question') this.scheduler.schedule(pin, room.index, room.deadline);
    else if ((room.phase === 'reveal' || room.phase === 'leaderboard') && room.advanceAt > 0) this.scheduler.schedule(pin, room.index, room.advanceAt);
    else this.scheduler.cancel(pin);
  }

  /** Closes the open question early when every connected, not kicked player has answered it (and someone is connected). */
  async checkAllAnswered(pin: string, index: number): Promise<void> {
    const [online, missing] = await Promise.all([this.store.onlinePlayers(pin), this.store.unansweredOnline(pin, index)]);
    if (online.length > 0 && missing === 0) await this.apply(pin, { type: 'allAnswered', index });
  }

  /** Presence: a player's socket connected (rejoin/join) or their last socket went away. */
  async presence(pin: string, playerId: string, online: boolean): Promise<void> {
    const res = await this.store.setOnline(pin, playerId, online);
    if (!res.changed) return;
    this.batcher.presence(pin, playerId, online, res.players, res.online);
    if (!online) {
      const room = await this.store.getRoom(pin);
      if (room?.phase === 'question' && !room.pause) await this.checkAllAnswered(pin, room.index);
    }
  }

  /** Scores a question whose room is in 'closing'. Idempotent: only the first commit wins and emits. */
  async finishClose(pin: string, index: number): Promise<void> {
    // A pause or lock during the close bumps the version: read again and retry rather than leave it to the sweep.
    for (let attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
      // The room, its players and the question's answers in one round trip (the room read first, as before).
      const [room, players, stored] = await Promise.all([this.store.getRoom(pin), this.store.listPlayers(pin), this.store.getAnswers(pin, index)]);
      if (!room) throw roomNotFound();
      if (room.phase !== 'closing' || room.index !== index) return;
      this.batcher.questionClosed(pin, index);
      const qs = await this.questions(room);
      // Answer times exclude pauses: the store stamped each answer's elapsedMs against the shifted openedAt.
      const answers = stored.map((a) => (a.elapsedMs === undefined ? a : { ...a, at: room.openedAt + a.elapsedMs }));
      const now = this.now();
      const outcome = scoreQuestion(room, qs[index], players, answers, now);
      // The log (idempotent by index) is queued before the commit and both awaited together: one wait on
      // Redis. A crash before the commit lands leaves the close to the sweep (dueRooms), which logs it again;
      // a failed log write is logged and leaves the question out of the report, as before.
      const logged = this.learning?.questionClosed(room, qs[index], answers, outcome);
      const state = withRevealClock(outcome.state, now);
      const [committed] = await Promise.all([this.store.commitScores(pin, room.version, state, outcome.updates), logged]);
      if (!committed) continue;
      // Scored and committed: the frames go out in a turn of this room's own.
      await this.turns.next();
      const reveal = revealView(state, qs[index]);
      if (reveal) {
        // The projector and host remote get the reveal; each phone gets ONE frame: its result with the reveal.
        this.io.to(hostChannel(pin)).emit('game:reveal', reveal);
        await this.deliverer.send({ event: 'player:result', pin, reveal, results: [...outcome.results] });
      }
      if (state.settings.autoAdvance) {
        this.armClock(pin, state);
        this.io.to(roomChannel(pin)).emit('game:clock', clockView(state, qs[index], now));
      }
      return;
    }
  }

  private async finishGame(pin: string, room: RoomState): Promise<void> {
    const players = await this.store.listPlayers(pin);
    const ranked = rankPlayers(players);
    await this.store.setRanks(pin, ranked.map(({ player, rank }) => ({ id: player.id, rank })));
    const ranks = new Map(ranked.map(({ player, rank }) => [player.id, rank]));
    await this.learning?.gameEnded(room, players.map((p) => ({ ...p, rank: ranks.get(p.id) })), await this.questions(room));
    await this.turns.next();
    // The podium is the projector's; each phone gets its own standing.
    this.io.to(hostChannel(pin)).emit('game:podium', podiumView(room, players));
    const finals = ranked.map(({ player, rank }): [string, FinalView] => [player.id, finalView({ ...player, rank }, ranked.length)]);
    await this.deliverer.send({ event: 'player:final', pin, finals });
    this.batcher.forget(pin);
    this.questionCache.delete(pin);
    await this.store.expireRoom(pin, ENDED_TTL_MS);
  }

  private async kick(pin: string, room: RoomState, playerIds: string[]): Promise<void> {
    let kicked = 0;
    for (const playerId of new Set(playerIds)) {
      if (!(await this.store.kickPlayer(pin, playerId))) continue;
      kicked++;
      const channel = playerChannel(pin, playerId);
      this.io.to(channel).emit('player:kicked', { message: 'The host removed you from this game.' });
      this.io.in(channel).socketsLeave([roomChannel(pin), hostChannel(pin), channel]);
      this.batcher.left(pin, playerId, await this.store.playerCount(pin));
    }
    if (kicked === 0) throw new GameError('UNKNOWN_PLAYER', 'That player is not in this game.');
    // The rest may all have answered already.
    if (room.phase === 'question' && !room.pause) await this.checkAllAnswered(pin, room.index);
  }

  /** A local timer fired: the question's deadline or the auto-advance is due. */
  private async onTimer(pin: string): Promise<void> {
    const room = await this.store.getRoom(pin);
    if (!room) return;
    if (room.phase === 'question') await this.apply(pin, { type: 'deadline', index: room.index });
    else if (room.phase === 'reveal' || room.phase === 'leaderboard') await this.apply(pin, { type: 'advance', index: room.index, phase: room.phase });
  }

  /** Called by the sweep for a room whose deadline or auto-advance passed, or whose close was left unfinished. */
  private async onDue(pin: string): Promise<void> {
    const room = await this.store.getRoom(pin);
    if (!room) return;
    if (room.phase === 'closing') {
      if (this.now() - room.updatedAt >= STALE_CLOSE_MS) await this.finishClose(pin, room.index);
    } else await this.onTimer(pin);
  }

  start(): void {
    this.scheduler.start();
  }

  stop(): void {
    this.scheduler.stop();
    this.batcher.close();
  }
}
