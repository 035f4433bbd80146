/**
 * The one storage contract. Two implementations (memory.ts, redis.ts) pass the
 * same contract suite in tests/store/. Every method that decides something
 * ("is this name free", "is this the first answer", "is the room still at the
 * version I read") decides it atomically inside the store.
 */
import type { AnswerRecord, PlayerRecord, PlayerScoreUpdate, QuestionPlan, RoomState } from '../engine/types.js';

export type { PlayerScoreUpdate };

/**
 * Thrown by a store that cannot reach its backing service right now (Redis
 * offline, connection lost, command timed out). The gateway answers it with
 * STORE_UNAVAILABLE ("retry"); any other error is a bug and answers INTERNAL.
 */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
  constructor(message = 'The store is unreachable', options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** An answer as the gateway received it; the store adds `elapsedMs` (recordAnswer). */
export type NewAnswer = Omit<AnswerRecord, 'elapsedMs'>;

/** `players`: players in the room (not kicked) after the join, read in the same atomic step. */
export type AddPlayerResult = { status: 'ok'; players: number } | { status: 'no_room' } | { status: 'name_taken' } | { status: 'room_full' };

/**
 * The join of a new player in one atomic step (player:join): the room is read, checked (it exists, has
 * not ended, is not locked), the player is added as addPlayer adds them and marked connected as
 * setOnline marks them. `room` is the room as that step read it; `players` the players (not kicked) and
 * `online` the connected ones after the join.
 */
export type JoinRoomResult =
  | { status: 'ok'; room: RoomState; players: number; online: number }
  | { status: 'no_room' }
  | { status: 'ended' }
  | { status: 'locked' }
  | { status: 'name_taken' }
  | { status: 'room_full' };

export type RecordAnswerResult =
  /**
   * `count`: answers to that question so far; `players`: players in the room (not kicked); `online`: of those,
   * the ones with a connected socket (presence), for the early close.
   */
  | { status: 'ok'; count: number; players: number; online: number }
  | { status: 'duplicate' }
  /** The player was kicked (kicks stick: their answers never count), or is not a player of the room. */
  | { status: 'kicked' }
  | { status: 'no_player' }
  /** The room is not in phase 'question' at that index, or `answer.at` is past the deadline. */
  | { status: 'closed' }
  | { status: 'no_room' };

export interface RoomStore {
  /** Creates the room with its question plan (a few KB: the loaded deck holds the questions); false if the PIN is already in use. */
  createRoom(room: RoomState, questions: QuestionPlan): Promise<boolean>;
  getRoom(pin: string): Promise<RoomState | null>;
  getQuestions(pin: string): Promise<QuestionPlan | null>;
  /** Compare-and-set: writes `next` only if the stored version equals `expectedVersion`. */
  updateRoom(pin: string, expectedVersion: number, next: RoomState): Promise<boolean>;

  /** Adds a player if no other player in the room has the same `key`. */
  addPlayer(pin: string, player: PlayerRecord, maxPlayers: number): Promise<AddPlayerResult>;
  /** A new player's join (player:join): checks, addPlayer and setOnline in one atomic step (JoinRoomResult). */
  joinRoom(pin: string, player: PlayerRecord, maxPlayers: number): Promise<JoinRoomResult>;
  getPlayer(pin: string, playerId: string): Promise<PlayerRecord | null>;
  getPlayerByToken(pin: string, token: string): Promise<PlayerRecord | null>;
  /** All players, kicked ones included, in join order. */
  listPlayers(pin: string): Promise<PlayerRecord[]>;
  /** Players not kicked. */
  playerCount(pin: string): Promise<number>;
  /**
   * Removes a player whose phone has gone for good, while the room is still in the lobby only: the
   * record, name, seat and token go (a later rejoin is UNKNOWN_PLAYER: join again). False if the room
   * is past the lobby or the player is unknown.
   */
  removeFromLobby(pin: string, playerId: string): Promise<boolean>;
  /**
   * Marks a player kicked and frees the nickname; false if unknown. An answer they gave to the open
   * question is dropped in the same atomic step, so it never counts towards "everyone answered".
   */
  kickPlayer(pin: string, playerId: string): Promise<boolean>;

  /**
   * Presence: marks a (not kicked) player connected or not. `changed` is false when it already was
   * (or the player is unknown or kicked); `online` is the number of connected players after the change,
   * `players` the number of players (not kicked), both read in the same atomic step.
   */
  setOnline(pin: string, playerId: string, online: boolean): Promise<{ changed: boolean; online: number; players: number }>;
  /** Ids of the connected (not kicked) players. */
  onlinePlayers(pin: string): Promise<string[]>;
  /** How many connected, not kicked players have not answered question `index` (0 = the question may close). */
  unansweredOnline(pin: string, index: number): Promise<number>;

  /**
   * First write wins, and only while the room is in phase 'question' at `index`
   * with `openedAt <= answer.at <= deadline` (before openedAt: the question's get-ready beat), and only from a player of the room who is not kicked. Returns the number of answers for that question and of players
   * in the room, read in the same atomic step (so the hot path needs no second round trip).
   *
   * The store stamps the answer time itself, in the same atomic step: `elapsedMs = max(0, at − openedAt)`
   * with the room's `openedAt` as it is then (a resume moves it forward by the pause, engine/clock.ts), so
   * the stored record is `{ ...answer, elapsedMs }` and the caller needs no read of the room. With
   * `createdAt`, the room must also be that game (a restart makes a new one on the same PIN): 'closed' if not.
   */
  recordAnswer(pin: string, index: number, answer: NewAnswer, createdAt?: number): Promise<RecordAnswerResult>;
  getAnswer(pin: string, index: number, playerId: string): Promise<AnswerRecord | null>;
  getAnswers(pin: string, index: number): Promise<AnswerRecord[]>;
  answerCount(pin: string, index: number): Promise<number>;

  /**
   * Atomically: compare-and-set the room to `next` and write every player's new score.
   * Returns false (and writes nothing) if the room is no longer at `expectedVersion`.
   */
  commitScores(pin: string, expectedVersion: number, next: RoomState, updates: PlayerScoreUpdate[]): Promise<boolean>;
  /**
   * "New game with the same players", atomically: compare-and-set the room to `next` (a fresh lobby),
   * replace its questions, reset every player's score, streak, result and rank, and drop every answer.
   * Players, kicks and presence stay. False (nothing written) if the room is not at `expectedVersion`.
   */
  restartRoom(pin: string, expectedVersion: number, next: RoomState, questions: QuestionPlan): Promise<boolean>;
  /** Writes final ranks; idempotent. */
  setRanks(pin: string, ranks: { id: string; rank: number }[]): Promise<void>;

  /** PINs of rooms whose deadline (or unfinished close) is due at `now`: for the sweep that backs local timers. */
  dueRooms(now: number): Promise<string[]>;
  /** Drops everything about a room after `ttlMs` (immediately if 0). */
  expireRoom(pin: string, ttlMs: number): Promise<void>;
  /** True when the backing store answers. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
