/**
 * The Socket.IO protocol between the Cram Night server and its clients.
 * This file is the single source of the event names and payload types;
 * docs/protocol.md describes the same events for people writing clients,
 * and shared/schemas.ts validates every client payload against these shapes.
 *
 * Nothing typed here as "sent before the reveal" carries a correct answer.
 */
import type { QuestionType, DeckSummary } from './deck.js';

export type { DeckSummary };

export type ScoringStyle = 'study' | 'exam' | 'classic';
export const SCORING_STYLES: readonly ScoringStyle[] = ['study', 'exam', 'classic'];

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
  | 'ALREADY_ANSWERED'
  | 'INVALID_ANSWER' // wrong answer shape for the question type, unknown or repeated ids
  | 'ROOM_FULL'
  | 'RATE_LIMITED'
  | 'STORE_UNAVAILABLE'
  | 'INTERNAL';

export interface ProtocolError {
  code: ErrorCode;
  /** Plain words a player can act on. */
  message: string;
}

export type Ack<T extends object = object> = ({ ok: true } & T) | { ok: false; error: ProtocolError };
export type AckFn<T extends object = object> = (response: Ack<T>) => void;

// ---------------------------------------------------------------- answers

/** Option/item ids are display positions (A, B, ... / L1.. / R1.. / S1..), assigned after the server's shuffle. */
export type AnswerPayload =
  | { type: 'single'; option: string }
  | { type: 'multi'; options: string[] }
  | { type: 'truefalse'; value: boolean }
  | { type: 'match'; pairs: { left: string; right: string }[] }
  | { type: 'order'; order: string[] };

// ---------------------------------------------------------------- views sent to clients

export interface OptionView {
  id: string;
  text: string;
}

export interface CaseView {
  id: string;
  title: string;
  scenario: string;
}

/** A question as every client sees it while it is open: no correct answer in it. */
export interface QuestionView {
  index: number;
  total: number;
  type: QuestionType;
  topic: string;
  prompt: string;
  /** single, multi: options in the server's shuffled order. */
  options?: OptionView[];
  /** multi: how many to choose. */
  choose?: number;
  /** match: left items in deck order, right items shuffled. */
  left?: OptionView[];
  right?: OptionView[];
  /** order: steps shuffled. */
  steps?: OptionView[];
  case?: CaseView;
  /** Server epoch ms when the question opened. */
  openedAt: number;
  /** Server epoch ms after which no answer counts. */
  deadline: number;
  durationMs: number;
  /** Server epoch ms when this payload was built, to estimate clock offset. */
  serverNow: number;
}

/** The correct answer, in the ids of the QuestionView. */
export type CorrectAnswer =
  | { type: 'single'; option: string }
  | { type: 'multi'; options: string[] }
  | { type: 'truefalse'; value: boolean }
  | { type: 'match'; pairs: { left: string; right: string }[] }
  | { type: 'order'; order: string[] };

export interface RevealView {
  index: number;
  correct: CorrectAnswer;
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
}

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
  players: number;
}

export interface LeaderboardEntry {
  id: string;
  name: string;
  score: number;
  rank: number;
  correct: number;
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
  /** QR code for joinUrl, as an SVG document. */
  qrSvg: string;
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
}

// ---------------------------------------------------------------- events

export interface HostAuth {
  pin: string;
  hostToken: string;
}

export interface CreateRoomRequest {
  deckId: string;
  scoring?: ScoringStyle;
  /** Ask at most this many questions (deck order, case studies kept together). */
  questionCount?: number;
  /** Seconds per question, overriding the deck. */
  timeLimit?: number;
}

export interface ClientToServerEvents {
  'decks:list': (payload: Record<string, never>, ack: AckFn<{ decks: DeckSummary[] }>) => void;
  'host:create': (payload: CreateRoomRequest, ack: AckFn<{ hostToken: string; state: HostState }>) => void;
  'host:resume': (payload: HostAuth, ack: AckFn<{ state: HostState }>) => void;
  'host:start': (payload: HostAuth, ack: AckFn) => void;
  'host:next': (payload: HostAuth, ack: AckFn) => void;
  'host:skip': (payload: HostAuth, ack: AckFn) => void;
  'host:kick': (payload: HostAuth & { playerId: string }, ack: AckFn) => void;
  'host:end': (payload: HostAuth, ack: AckFn) => void;
  'room:check': (payload: { pin: string }, ack: AckFn<{ deckTitle: string; phase: Phase }>) => void;
  'player:join': (payload: { pin: string; nickname: string }, ack: AckFn<{ token: string; state: PlayerState }>) => void;
  'player:rejoin': (payload: { pin: string; token: string }, ack: AckFn<{ state: PlayerState }>) => void;
  'player:answer': (payload: { pin: string; index: number; answer: AnswerPayload }, ack: AckFn<{ receivedAt: number }>) => void;
}

export interface ServerToClientEvents {
  /** To everyone in the room when a question opens. */
  'game:question': (q: QuestionView) => void;
  /** To everyone in the room when a question closes. */
  'game:reveal': (r: RevealView) => void;
  /** To each player after a reveal: their own outcome. */
  'player:result': (r: PlayerResult) => void;
  'game:leaderboard': (l: LeaderboardView) => void;
  /** To everyone at the end: the top three and the topic report. */
  'game:podium': (p: PodiumView) => void;
  /** To each player at the end. */
  'player:final': (f: FinalView) => void;
  /** To the host, batched: players who joined or left the lobby since the last batch. */
  'host:lobby': (u: { joined: LobbyPlayer[]; left: string[]; count: number }) => void;
  /** To the host (and, batched, to players): answers received for the open question. */
  'game:progress': (p: { index: number; answered: number; players: number }) => void;
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
  hostEnd: 'host:end',
  roomCheck: 'room:check',
  playerJoin: 'player:join',
  playerRejoin: 'player:rejoin',
  playerAnswer: 'player:answer',
} as const;

/** Names longer or shorter are refused; see shared/nickname.ts. */
export const NICKNAME_MAX = 20;
export const PIN_LENGTH = 6;
