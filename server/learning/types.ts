/**
 * The raw facts a report is computed from (server side only). A QuestionLog is written when a question
 * closes (before its scores are committed, idempotent by index); the ReportMeta when the game ends.
 * Figures (report.ts) are computed from these on every read, so they can never disagree with the facts.
 */
import type { QuestionType } from '../../shared/deck.js';
import type { AnswerPayload, ScoringStyle } from '../../shared/protocol.js';
import type { PreparedQuestion } from '../engine/types.js';

export interface LogRow {
  playerId: string;
  /** Absent when the player did not answer. */
  answer?: AnswerPayload;
  credit: number;
  points: number;
  /** Server-measured time from open to receipt, ms; absent when not answered. */
  elapsedMs?: number;
}

export interface QuestionLog {
  index: number;
  questionId: string;
  topic: string;
  type: QuestionType;
  /** The host skipped it (closed before its time): not counted in mastery. */
  skipped: boolean;
  openedAt: number;
  closedAt: number;
  /** One row per player in the game when it closed (removed players excluded). */
  rows: LogRow[];
}

export interface ReportPlayerMeta {
  id: string;
  name: string;
  score: number;
  correct: number;
  rank: number | null;
  kicked: boolean;
  joinedAt: number;
}

export interface ReportMeta {
  reportId: string;
  deckId: string;
  deckTitle: string;
  scoring: ScoringStyle;
  createdAt: number;
  endedAt: number;
  planned: number;
  /** Every topic of the deck: a topic with no asked question shows as "not asked". */
  topics: { id: string; title: string }[];
  /** The asked questions as prepared for the room (shuffled ids, right answer, whys), by game index. */
  questions: Record<number, PreparedQuestion>;
  players: ReportPlayerMeta[];
}

export interface StoredReport {
  meta: ReportMeta;
  /** By index ascending. */
  log: QuestionLog[];
}
