/**
 * The Socket.IO protocol between the Cram Night server and its clients.
 * This file is the single source of the event names and payload types;
 * docs/protocol.md describes the same events for people writing clients.
 * Each question type's payload fields come from its module in shared/question-types/
 * (answer types are z.infer of the schemas there), and shared/schemas.ts validates
 * every client payload with zod schemas whose inferred types are the payloads below.
 *
 * Nothing typed here as "sent before the reveal" carries a correct answer.
 */
import type { DeckSummary } from './deck.js';
import type { PlayerReview, PracticeState, WeakSpotView } from './learning.js';
import type { Payload } from './schemas.js';
import type { AnswerOf, CorrectOf, Exclusive, OptionView, QuestionType, ViewFieldsOf } from './question-types/index.js';

export type { DeckSummary, OptionView, QuestionType };

export const SCORING_STYLES = ['study', 'exam', 'classic'] as const;
export type ScoringStyle = (typeof SCORING_STYLES)[number];

export type Phase = 'lobby' | 'question' | 'reveal' | 'leaderboard' | 'ended';

// ---------------------------------------------------------------- errors

export type ErrorCode =
  | 'BAD_REQUEST' // payload failed schema validation
  | 'ROOM_NOT_FOUND'
  | 'DECK_NOT_FOUND'
  | 'NOT_HOST' // host token missing or wrong
  | 'NAME_INVALID'
  | 'NAME_TAKEN'
  | 'NOT_JOINED' // answer from a socket that has not joined this room
  | 'UNKNOWN_PLAYER' // reconnect token not known in this room
  | 'KICKED'
  | 'WRONG_PHASE' // e.g. start when not in the lobby, answer in the lobby
  | 'WRONG_QUESTION' // answer names a question other than the open one
  | 'QUESTION_CLOSED' // answer arrived after the server's deadline
  | 'QUESTION_NOT_OPEN' // answer during the question's get-ready beat, before its `openedAt`
  | 'ALREADY_ANSWERED'
  | 'INVALID_ANSWER' // wrong answer shape for the question type, unknown or repeated ids
  | 'ROOM_FULL'
  | 'RATE_LIMITED'
  | 'SERVER_BUSY' // the server runs as many rooms as it may (MAX_ROOMS_PER_PROCESS / MAX_ROOMS_TOTAL)
  | 'STORE_UNAVAILABLE'
  | 'PAUSED' // answer while the host has paused the game
  | 'ROOM_LOCKED' // join of a new player while the room is locked (rejoin with a token still works)
  | 'REPORT_NOT_FOUND' // no report with that id (expired, or the game has not ended)
  | 'PRACTICE_NOT_FOUND' // no practice round with that token (expired)
  | 'NO_WEAK_SPOTS' // "my weak spots" with nothing to practise in that deck
  | 'INTERNAL';

export interface ProtocolError {
  code: ErrorCode;
  /** Plain words a player can act on. */
  message: string;
  /** RATE_LIMITED: whole seconds to wait before trying again (also said in `message`). */
  retryAfterSec?: number;
}

export type Ack<T extends object = object> = ({ ok: true } & T) | { ok: false; error: ProtocolError };
export type AckFn<T extends object = object> = (response: Ack<T>) => void;

// ---------------------------------------------------------------- answers

/**
 * A player's answer, one member per question type (shared/question-types/), discriminated by `type`.
 * Option/item ids are display positions (A, B, ... / L1.. / R1.. / S1..), assigned after the server's shuffle.
 */
export type AnswerPayload<T extends QuestionType = QuestionType> = AnswerOf<T>;

// ---------------------------------------------------------------- views sent to clients

export interface CaseView {
  id: string;
  title: string;
  scenario: string;
}

interface QuestionCommon<T extends QuestionType> {
  type: T;
  topic: string;
  /** The topic's title in the deck (the phones' get-ready beat shows it); the id when the deck has none. */
  topicTitle?: string;
  prompt: string;
  case?: CaseView;
}

/** The part of a QuestionView that does not depend on timing: common fields plus the fields of its type. */
export type QuestionBody<T extends QuestionType = QuestionType> = Extract<
  Exclusive<{ [K in QuestionType]: QuestionCommon<K> & ViewFieldsOf<K> }[QuestionType]>,
  { type: T }
>;

export interface QuestionTiming {
  index: number;
  total: number;
  /**
   * Server epoch ms when answers open: the end of the get-ready beat (`introMs`). Answers received
   * before it are refused with QUESTION_NOT_OPEN; answer time and speed points count from it.
   */
  openedAt: number;
  /** Server epoch ms after which no answer counts (`openedAt + durationMs`, plus time the host added). */
  deadline: number;
  /** The answer window, ms (it never includes the get-ready beat). */
  durationMs: number;
  /**
   * Ms of the get-ready beat still to run at `serverNow` (`openedAt - serverNow`, or 0): the full beat in
   * `game:question`, what is left of it in a view built during it (rejoin, host:resume), 0 after it or
   * when the room has none (SettingsView.introSeconds 0).
   */
  introMs: number;
  /** Server epoch ms when this payload was built, to estimate clock offset. */
  serverNow: number;
}

/** A question as every client sees it while it is open: no correct answer in it. Discriminated by `type`. */
export type QuestionView<T extends QuestionType = QuestionType> = QuestionBody<T> & QuestionTiming;

/** The correct answer, in the ids of the QuestionView; discriminated by `type`. */
export type CorrectAnswer<T extends QuestionType = QuestionType> = CorrectOf<T>;

interface RevealCommon {
  index: number;
  explanation: string;
  /** Per option/item id, its `why` from the deck. For truefalse, key "true"/"false". */
  whys: Record<string, string>;
  /**
   * How the room answered: single/multi/truefalse: picks per option id ("true"/"false");
   * match: players who got each left id right; order: players who got each position (step id at that position) right.
   */
  distribution: Record<string, number>;
  answered: number;
  players: number;
  /** The host skipped this question (phones say "Skipped" rather than "No answer"). */
  skipped?: boolean;
}

/** The reveal of a question, discriminated by `correct.type`. */
export type RevealView<T extends QuestionType = QuestionType> = { [K in T]: RevealCommon & { correct: CorrectOf<K> } }[T];

export interface PlayerResult {
  index: number;
  answered: boolean;
  answer?: AnswerPayload;
  /** 0..1: share of the answer that was right (1 = fully correct). */
  credit: number;
  correct: boolean;
  points: number;
  score: number;
  streak: number;
  rank: number;
  /**
   * The player's rank before this question's points (same population, ties shared): `previousRank - rank`
   * places gained. Absent on the first question and for a player who was not scored at the question before.
   */
  previousRank?: number;
  players: number;
}

/**
 * `player:result`: a player's own outcome and the question's reveal in one frame, so each phone gets one
 * message when a question closes (the projector and host remote get the reveal as `game:reveal`).
 */
export interface PlayerResultFrame extends PlayerResult {
  reveal: RevealView;
}

export interface LeaderboardEntry {
  id: string;
  name: string;
  score: number;
  rank: number;
  /** Rank before the last question's points (as PlayerResult.previousRank); absent on the podium. */
  previousRank?: number;
  correct: number;
  /** Fully correct answers in a row up to now (0 after a miss). */
  streak: number;
}

export interface LeaderboardView {
  index: number;
  total: number;
  top: LeaderboardEntry[];
  players: number;
}

export interface PodiumView {
  top: LeaderboardEntry[];
  players: number;
  /** Per topic: share of answers that were right, for the host's report. */
  topics: { topic: string; title: string; asked: number; credit: number }[];
}

export interface FinalView {
  rank: number;
  score: number;
  correct: number;
  players: number;
}

export interface LobbyPlayer {
  id: string;
  name: string;
}

export interface RoomInfo {
  pin: string;
  joinUrl: string;
  deck: { id: string; title: string };
  scoring: ScoringStyle;
  questionCount: number;
}

export interface HostState extends RoomInfo {
  phase: Phase;
  settings: SettingsView;
  locked: boolean;
  clock: ClockView;
  presence: PresenceView;
  /** QR code for joinUrl, as an SVG document. */
  qrSvg: string;
  /** Every player while playerCount <= PRESENCE_NAMES_MAX; above it, the newest PRESENCE_NAMES_MAX. */
  players: LobbyPlayer[];
  playerCount: number;
  question?: QuestionView;
  answered?: number;
  reveal?: RevealView;
  leaderboard?: LeaderboardView;
  podium?: PodiumView;
}

export interface PlayerState {
  phase: Phase;
  pin: string;
  deckTitle: string;
  you: { id: string; name: string; score: number; streak: number };
  question?: QuestionView;
  /** The answer this player gave to the open question, if any. */
  yourAnswer?: AnswerPayload;
  reveal?: RevealView;
  result?: PlayerResult;
  final?: FinalView;
  clock?: ClockView;
}

// ---------------------------------------------------------------- live control

/**
 * The room clock as clients should show it: sent as `game:clock` when the host pauses, resumes or adds time,
 * and when an auto-advance pause starts. While `paused`, no clock runs: show `remainingMs` frozen.
 */
export interface ClockView {
  phase: Phase;
  index: number;
  paused: boolean;
  /** Ms left on the running clock at `serverNow` (question deadline, or auto-advance); 0 when none runs. */
  remainingMs: number;
  /** In a question: its deadline (server ms; meaningless while paused) and full answer window including added time. */
  deadline?: number;
  durationMs?: number;
  /**
   * In a question: when answers open (server ms; a pause during the get-ready beat moves it, so take the
   * latest) and the ms of the get-ready beat left at `serverNow` (frozen while paused). `remainingMs`
   * counts to the deadline, so it includes `introMs`.
   */
  openedAt?: number;
  introMs?: number;
  /** Auto-advance: when the reveal or leaderboard moves on by itself (server ms); absent when the host advances. */
  advanceAt?: number;
  serverNow: number;
}

/** The host's setup, as the lobby shows it. */
export interface SettingsView {
  timing: 'fit' | 'fixed';
  /** Fixed seconds per question when timing is 'fixed'. */
  timeLimit?: number;
  timeFactor: number;
  /** Length of the get-ready beat before each question's answers open, whole seconds 0–5 (0 = none). */
  introSeconds: number;
  /** Topic ids and titles the questions come from (empty: every topic). */
  topics: { id: string; title: string }[];
  lateJoin: boolean;
  /** Options of single and multi questions shuffled once per room (true) or in the deck's order (false). */
  shuffleOptions: boolean;
  autoAdvance: { revealSeconds: number; leaderboardSeconds: number } | null;
  /** Expected length of the whole game (answer times plus auto-advance pauses), ms. */
  expectedMs: number;
}

/**
 * Rooms above this many players get presence as counts only (no per-player lists), and a host state lists
 * only the newest this many players: no host acknowledgement grows with the room. Up to it, everyone.
 */
export const PRESENCE_NAMES_MAX = 300;

/**
 * Who is connected and who has answered the open question. In HostState a snapshot; in `host:presence`
 * (batched, at most 4×/s, host only) the changes since the last one. Id lists are empty when
 * `names` is false (more than PRESENCE_NAMES_MAX players): use the counts.
 */
export interface PresenceView {
  index: number;
  names: boolean;
  /** Snapshot: every connected player id. Update: players who connected since the last update. */
  online: string[];
  /** Update only: players who disconnected since the last update (always empty in a snapshot). */
  offline: string[];
  /** Snapshot: ids that answered question `index`. Update: ids that answered since the last update. */
  answered: string[];
  counts: { players: number; online: number; answered: number };
}

export interface RemoteLink {
  /** Open on the host's phone: a controls-only view. Works once, until `expiresAt`. */
  url: string;
  qrSvg: string;
  expiresAt: number;
}

// ---------------------------------------------------------------- events

// Client-to-server payloads are z.infer of their schemas in shared/schemas.ts.
export type HostAuth = Payload<'host:start'>;
export type CreateRoomRequest = Payload<'host:create'>;

export interface ClientToServerEvents {
  'decks:list': (payload: Payload<'decks:list'>, ack: AckFn<{ decks: DeckSummary[] }>) => void;
  'host:create': (payload: CreateRoomRequest, ack: AckFn<{ hostToken: string; state: HostState }>) => void;
  'host:resume': (payload: HostAuth, ack: AckFn<{ state: HostState }>) => void;
  'host:start': (payload: HostAuth, ack: AckFn) => void;
  'host:next': (payload: HostAuth, ack: AckFn) => void;
  'host:skip': (payload: HostAuth, ack: AckFn) => void;
  'host:kick': (payload: Payload<'host:kick'>, ack: AckFn) => void;
  'host:pause': (payload: Payload<'host:pause'>, ack: AckFn) => void;
  'host:unpause': (payload: Payload<'host:unpause'>, ack: AckFn) => void;
  'host:addTime': (payload: Payload<'host:addTime'>, ack: AckFn) => void;
  'host:lock': (payload: Payload<'host:lock'>, ack: AckFn) => void;
  'host:unlock': (payload: Payload<'host:unlock'>, ack: AckFn) => void;
  'host:restart': (payload: Payload<'host:restart'>, ack: AckFn<{ state: HostState }>) => void;
  'host:remote': (payload: Payload<'host:remote'>, ack: AckFn<{ link: RemoteLink }>) => void;
  'host:claim': (payload: Payload<'host:claim'>, ack: AckFn<{ hostToken: string; state: HostState }>) => void;
  'host:end': (payload: HostAuth, ack: AckFn) => void;
  'room:check': (payload: Payload<'room:check'>, ack: AckFn<{ deckTitle: string; phase: Phase }>) => void;
  'player:join': (payload: Payload<'player:join'>, ack: AckFn<{ token: string; state: PlayerState }>) => void;
  'player:rejoin': (payload: Payload<'player:rejoin'>, ack: AckFn<{ state: PlayerState }>) => void;
  'player:answer': (payload: Payload<'player:answer'>, ack: AckFn<{ receivedAt: number }>) => void;
  /** After the game: this player's misses and partial answers, and their per-topic result. */
  'player:review': (payload: Payload<'player:review'>, ack: AckFn<{ review: PlayerReview }>) => void;
  /** Solo practice (docs/reports.md): no room, no host; the token resumes the round. */
  'practice:start': (payload: Payload<'practice:start'>, ack: AckFn<{ token: string; state: PracticeState }>) => void;
  'practice:resume': (payload: Payload<'practice:resume'>, ack: AckFn<{ state: PracticeState }>) => void;
  'practice:answer': (payload: Payload<'practice:answer'>, ack: AckFn<{ state: PracticeState }>) => void;
  /** "Show me the answer", or the time ran out: the question counts as a miss. */
  'practice:reveal': (payload: Payload<'practice:reveal'>, ack: AckFn<{ state: PracticeState }>) => void;
  'practice:next': (payload: Payload<'practice:next'>, ack: AckFn<{ state: PracticeState }>) => void;
  'weak:list': (payload: Payload<'weak:list'>, ack: AckFn<{ spots: WeakSpotView[] }>) => void;
  'weak:clear': (payload: Payload<'weak:clear'>, ack: AckFn) => void;
}

export interface ServerToClientEvents {
  /** To everyone in the room when a question opens. */
  'game:question': (q: QuestionView) => void;
  /**
   * To the host's sockets (projector, host remote) when a question closes. Phones get the reveal inside
   * `player:result`; a phone that joined while the question was closing (so it has no result for it)
   * gets `game:reveal` instead.
   */
  'game:reveal': (r: RevealView) => void;
  /** To each player when a question closes: their own outcome with the reveal (the phone's one frame). */
  'player:result': (r: PlayerResultFrame) => void;
  'game:leaderboard': (l: LeaderboardView) => void;
  /** To the host's sockets at the end: the top three and the topic report (phones get `player:final`). */
  'game:podium': (p: PodiumView) => void;
  /** To each player at the end: their own rank and score. */
  'player:final': (f: FinalView) => void;
  /** To the host, batched: players who joined or left the lobby since the last batch. */
  'host:lobby': (u: { joined: LobbyPlayer[]; left: string[]; count: number }) => void;
  /** To the players, batched: answers received for the open question (the host has them in `host:presence` counts). */
  'game:progress': (p: { index: number; answered: number; players: number }) => void;
  /** To everyone in the room: the clock after a pause, resume, added time or the start of an auto-advance pause. */
  'game:clock': (c: ClockView) => void;
  /** To the host's sockets, batched (at most 4×/s): presence and answered changes, and the answered count (`counts`). */
  'host:presence': (p: PresenceView) => void;
  /** To the host's sockets when the room is locked or unlocked. */
  'host:room': (r: { locked: boolean }) => void;
  /** To everyone: the host started a new game in the same room; send player:rejoin (or host:resume) for the new lobby. */
  'game:restart': (r: { pin: string }) => void;
  /** To a player removed by the host. */
  'player:kicked': (p: { message: string }) => void;
  /**
   * To every socket of a server process when that process loses or regains its store (Redis), and to a
   * socket that connects during an outage. While 'unavailable', events are refused with STORE_UNAVAILABLE:
   * show "Reconnecting…"; on 'ok', play resumes (a rejoin or host:resume brings the screen up to date).
   */
  'server:status': (s: ServerStatus) => void;
}

export interface ServerStatus {
  store: 'ok' | 'unavailable';
}

export const EVENTS = {
  decksList: 'decks:list',
  hostCreate: 'host:create',
  hostResume: 'host:resume',
  hostStart: 'host:start',
  hostNext: 'host:next',
  hostSkip: 'host:skip',
  hostKick: 'host:kick',
  hostPause: 'host:pause',
  hostUnpause: 'host:unpause',
  hostAddTime: 'host:addTime',
  hostLock: 'host:lock',
  hostUnlock: 'host:unlock',
  hostRestart: 'host:restart',
  hostRemote: 'host:remote',
  hostClaim: 'host:claim',
  hostEnd: 'host:end',
  roomCheck: 'room:check',
  playerJoin: 'player:join',
  playerRejoin: 'player:rejoin',
  playerAnswer: 'player:answer',
} as const;

/** Names longer or shorter are refused; see shared/nickname.ts. */
export const NICKNAME_MAX = 20;
export const PIN_LENGTH = 6;
