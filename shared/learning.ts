/**
 * Learning after the game: the host's report (HTTP, docs/reports.md), each player's review, solo practice
 * and weak spots (Socket.IO, docs/protocol.md). Single source of these shapes for server and client.
 *
 * Everything here is sent only after the question it describes was answered (review, feedback, report) or
 * carries no answer key at all (PracticeState before an answer).
 */
import type { QuestionType } from './deck.js';
import type { AnswerPayload, CaseView, QuestionView, ScoringStyle } from './protocol.js';

// ---------------------------------------------------------------- describing a question after its answer

/** One option of a single/multi question ("A"…), or "true"/"false" of a true/false one. */
export interface ReviewOption {
  id: string;
  text: string;
  /** Part of the right answer. */
  correct: boolean;
  /** Picked by this player (report: always false). */
  picked: boolean;
  /** The deck's reason this option fits or does not fit ('' when the deck has none). */
  why: string;
}

/** A question with its right answer and explanation, in plain words for any question type. */
export interface QuestionReview {
  questionId: string;
  type: QuestionType;
  topic: string;
  topicTitle: string;
  prompt: string;
  case?: CaseView;
  /** single, multi, truefalse: every option with its `why`; match and order: empty. */
  options: ReviewOption[];
  /** The right answer as lines ("A) …", "left → right", "1. step"). */
  right: string[];
  explanation: string;
}

/** A question as one player answered it. */
export interface AnsweredReview extends QuestionReview {
  /** 1-based position in the game or practice round. */
  number: number;
  answered: boolean;
  /** 0..1. */
  credit: number;
  /** The player's answer as lines, in the same words as `right`; empty when not answered. */
  yours: string[];
}

/** Per topic, over the questions actually asked (skipped ones excluded). `mastery` null = not asked. */
export interface TopicResult {
  topic: string;
  title: string;
  asked: number;
  /** Share of credit 0..1, or null when no question of the topic was asked ("not asked", never 0%). */
  mastery: number | null;
}

// ---------------------------------------------------------------- the host's report (HTTP)

export interface ReportQuestion extends QuestionReview {
  /** 1-based position in the game. */
  number: number;
  /** The host skipped it: listed, but not counted in topic or player mastery. */
  skipped: boolean;
  /** Players in the game when it closed. */
  players: number;
  answered: number;
  /** Players with a fully right answer. */
  correct: number;
  /** correct / players (0 when no players). */
  correctShare: number;
  /** Mean credit over players (partial answers count in part). */
  meanCredit: number;
  /** Mean server-measured answer time of those who answered, ms; null when no one answered. */
  avgAnswerMs: number | null;
  /** single, multi, truefalse: the wrong option picked most (ties: first in display order); null when none was picked or for match/order. */
  mostPickedWrong: { id: string; text: string; count: number } | null;
}

export interface FastAnswer {
  number: number;
  questionId: string;
  answerMs: number;
  /** The least time a fast reader needs to read the question and its options (see docs/reports.md). */
  readMs: number;
}

export interface ReportPlayer {
  id: string;
  name: string;
  /** Final rank; null for a removed player. */
  rank: number | null;
  score: number;
  /** Fully right answers. */
  correct: number;
  answered: number;
  /** Questions this player was in the game for (a late joiner has fewer). */
  present: number;
  kicked: boolean;
  topics: TopicResult[];
  /** Answers given faster than the question can be read: for the teacher to judge. */
  fast: FastAnswer[];
}

export interface GameReport {
  reportId: string;
  deck: { id: string; title: string };
  scoring: ScoringStyle;
  startedAt: number;
  endedAt: number;
  /** Questions asked (skipped included). */
  asked: number;
  /** Questions the game was set up with. */
  planned: number;
  /** Hardest first: lowest correct share, then lowest mean credit, then game order; skipped ones last. */
  questions: ReportQuestion[];
  /** Weakest first; not asked last. */
  topics: TopicResult[];
  /** Best rank first; removed players last. */
  players: ReportPlayer[];
  /** One row per player per question they were in the game for: the CSV's rows, in the same order. */
  answers: ReportAnswerRow[];
}

export interface ReportAnswerRow {
  player: string;
  playerId: string;
  number: number;
  questionId: string;
  topic: string;
  type: QuestionType;
  skipped: boolean;
  /** The answer as lines (see AnsweredReview.yours); empty when not answered. */
  answer: string[];
  credit: number;
  points: number;
  /** null when not answered. */
  answerMs: number | null;
}

/** CSV columns, in order (docs/reports.md). */
export const REPORT_CSV_COLUMNS = [
  'player',
  'question_number',
  'question_id',
  'topic',
  'type',
  'answer',
  'credit',
  'points',
  'answer_time_s',
] as const;

// ---------------------------------------------------------------- a player's review (Socket.IO)

export interface PlayerReview {
  deck: { id: string; title: string };
  rank: number | null;
  score: number;
  correct: number;
  /** Questions this player was in the game for. */
  present: number;
  topics: TopicResult[];
  /** Misses and partial answers (credit < 1), in game order. */
  items: AnsweredReview[];
}

// ---------------------------------------------------------------- solo practice (Socket.IO)

export type PracticeMode = 'deck' | 'weak' | 'questions';

export interface PracticeStartRequest {
  deckId: string;
  /** deck: questions drawn from these topics (all when absent); weak: the device's weak spots; questions: exactly `questionIds`. */
  mode: PracticeMode;
  topics?: string[];
  /** deck, weak: at most this many (default 10). */
  count?: number;
  questionIds?: string[];
  /** Timed with the same per-question times as a game; untimed by default. */
  timed?: boolean;
  /** The phone's private id: results feed its weak spots; required for mode 'weak'. */
  deviceId?: string;
}

/** What the phone learns after answering (or giving up on) one question. */
export interface PracticeFeedback extends AnsweredReview {
  index: number;
  /** Timed practice: the answer came after the time was up (counted as a miss). */
  late: boolean;
}

export interface PracticeSummary {
  total: number;
  correct: number;
  topics: TopicResult[];
  /** Misses and partial answers, in round order. */
  misses: AnsweredReview[];
}

export interface PracticeState {
  deck: { id: string; title: string };
  total: number;
  /** Index of the current question. */
  index: number;
  timed: boolean;
  /** question: waiting for an answer; feedback: answered, waiting for next; done: the round is over. */
  phase: 'question' | 'feedback' | 'done';
  /** The current question, never with its answer. In feedback, still the answered question. */
  question?: QuestionView;
  feedback?: PracticeFeedback;
  summary?: PracticeSummary;
  /** Fully right answers so far (named so that no key of a question-phase state says "correct"). */
  scored: number;
}

export interface WeakSpot {
  deckId: string;
  questionId: string;
  /** Server ms of the latest miss. */
  missedAt: number;
  /** Right answers in a row since that miss (dropped at 2). */
  rightStreak: number;
}

/** A weak spot with what the phone shows of it (never its answer). */
export interface WeakSpotView extends WeakSpot {
  deckTitle: string;
  topicTitle: string;
  prompt: string;
}

/** Two right answers in a row after the latest miss drop a weak spot (docs/reports.md). */
export const WEAK_SPOT_CLEAR_STREAK = 2;
export const PRACTICE_DEFAULT_COUNT = 10;
export const PRACTICE_MAX_COUNT = 50;

export type { AnswerPayload };
