/**
 * Server-side game state. Room state is small (no per-player data) so every
 * transition is a cheap compare-and-set; players and answers live in the
 * store under their own keys and are changed by atomic store operations.
 */
import type {
  AnswerPayload,
  CorrectAnswer,
  LeaderboardEntry,
  Phase,
  PlayerResult,
  QuestionBody,
  QuestionType,
  ScoringStyle,
} from '../../shared/protocol.js';

/** 'closing' is internal: answers are no longer accepted and scores are being computed. Clients see 'question'. */
export type RoomPhase = Phase | 'closing';

interface PreparedCommon {
  deckQuestionId: string;
  topic: string;
  whys: Record<string, string>;
  explanation: string;
  durationMs: number;
}

/** A deck question prepared for one room: shuffled once, ids assigned by display position. Discriminated by `type`. */
export type PreparedQuestion<T extends QuestionType = QuestionType> = {
  [K in T]: PreparedCommon & {
    type: K;
    /** The part of the QuestionView that does not depend on timing. */
    view: QuestionBody<K>;
    correct: CorrectAnswer<K>;
  };
}[T];

/**
 * A room's questions as the store keeps them: the deck, which of its questions in what order, and the
 * seed of their shuffles (engine/prepare.ts rebuilds each question from the loaded deck).
 */
export interface QuestionPlan {
  deckId: string;
  /** Deck question ids, in the order they are asked. */
  ids: string[];
  /** Seed of the options/steps shuffles (an unsigned 32-bit integer). */
  seed: number;
  /** Time to answer each question (reading time, the host's limit or factor), in ms, in the same order. */
  durationsMs: number[];
  /** true: single and multi options keep the deck's order (the host turned shuffling off); steps and items still shuffle. */
  optionsInDeckOrder?: true;
}

export interface TopicStat {
  asked: number;
  /** Sum over asked questions of the room's mean credit for that question. */
  credit: number;
}

export interface RevealStats {
  index: number;
  distribution: Record<string, number>;
  answered: number;
  players: number;
}

/** What the host chose at setup; shown in the lobby and used by "new game with the same players". */
export interface RoomSettings {
  /** 'fit': each question's time from its reading length; 'fixed': `timeLimit` seconds each. A deck question's own `time` wins over 'fit'. */
  timing: 'fit' | 'fixed';
  timeLimit?: number;
  /** "More time" multiplier applied to every question's time (1 = as computed). */
  timeFactor: number;
  /**
   * The get-ready beat before each question's answers open (ms): the question is sent at its start and
   * `openedAt` is its end. Absent in rooms made before issue 14: no beat.
   */
  introMs?: number;
  /** Topic ids questions are drawn from; empty = every topic. */
  topics: string[];
  /** Questions asked when the host asked for a number (else every question of the chosen topics). */
  requestedCount?: number;
  /** Whether players may join after the start. */
  lateJoin: boolean;
  /** false: options of single and multi questions in the deck's order (absent: shuffled, as rooms always were). */
  shuffleOptions?: boolean;
  /** Reveal → leaderboard → next question run by themselves after these pauses (ms); null = the host advances. */
  autoAdvance: { revealMs: number; leaderboardMs: number } | null;
  /** Sum of the questions' answer times plus auto-advance pauses, for the lobby's "about N minutes". */
  expectedMs: number;
}

/** The room clock held while paused: the ms that were left on the running clock (question deadline or auto-advance). */
export interface PauseState {
  at: number;
  remainingMs: number;
}

export interface RoomState {
  pin: string;
  /** Incremented by every transition; stores refuse a write based on a stale version. */
  version: number;
  hostToken: string;
  deckId: string;
  deckTitle: string;
  scoring: ScoringStyle;
  questionCount: number;
  phase: RoomPhase;
  /** Index of the current question; -1 in the lobby. */
  index: number;
  /** When the open question's answers open: after its get-ready beat, moved forward by pauses. */
  openedAt: number;
  deadline: number;
  createdAt: number;
  updatedAt: number;
  /** Set by the last close: the room's answers to it and the leaderboard after it. */
  reveal?: RevealStats;
  leaderboard?: LeaderboardEntry[];
  topicStats: Record<string, TopicStat>;
  topicTitles: Record<string, string>;
  settings: RoomSettings;
  /** Set while the host has paused the game: no clock runs and answers are refused (PAUSED). */
  pause?: PauseState;
  /** A locked room refuses new joins (ROOM_LOCKED); rejoin with a token still works. */
  locked: boolean;
  /** Time added to the open question by the host (ms), reset when a question opens. */
  extraMs: number;
  /** Auto-advance: when the reveal or leaderboard moves on by itself (server ms); 0 = not scheduled. */
  advanceAt: number;
  /** Host remote: the one-time code of the link shown on the projector, until used or expired. */
  remoteCode?: { code: string; expiresAt: number };
  /** Host tokens of devices that claimed a remote link (each works like `hostToken`). */
  remoteTokens?: string[];
  /** How the last question closed; 'skip' shows "Skipped" on the phones. */
  closedBy?: 'deadline' | 'allAnswered' | 'skip';
}

export interface PlayerRecord {
  id: string;
  name: string;
  /** Lower-case form of name, unique within the room. */
  key: string;
  token: string;
  /** The phone's private device id (weak spots, docs/reports.md); server-side only. */
  deviceId?: string;
  joinedAt: number;
  score: number;
  streak: number;
  /** Fully correct answers so far. */
  correct: number;
  /** Sum of answer times (ms) of fully correct answers, for tie-breaks among equals. */
  correctTimeMs: number;
  kicked: boolean;
  /** Outcome of the last closed question (for a player who rejoins during the reveal). */
  last?: PlayerResult;
  /** Final standing, set when the game ends. */
  rank?: number;
}

/** Fields of a player that a close writes back (the store writes them atomically). */
export type PlayerScoreUpdate = Pick<PlayerRecord, 'id' | 'score' | 'streak' | 'correct' | 'correctTimeMs' | 'last'>;

export interface AnswerRecord {
  playerId: string;
  answer: AnswerPayload;
  /** Server epoch ms when the answer was received. */
  at: number;
  /** Answer time excluding pauses (receipt time minus the question's open time shifted by pauses); absent in older records. */
  elapsedMs?: number;
}
