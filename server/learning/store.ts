/**
 * The learning store: reports, weak spots and practice rounds. One contract, two implementations
 * (memory-learning.ts, redis-learning.ts) passing the same suite (tests/learning/store-contract.ts).
 * Memory keeps reports and weak spots for the process lifetime; Redis keeps them with TTLs.
 */
import type { WeakSpot } from '../../shared/learning.js';
import type { PracticeSession } from './practice.js';
import type { QuestionLog, ReportMeta, StoredReport } from './types.js';
import type { Outcome } from './weak.js';

export const DAY_MS = 24 * 60 * 60 * 1000;

export interface LearningTtls {
  /** Redis: a report (and its question log) lives this long after its last write. Default 7 days. */
  reportTtlMs: number;
  /** Redis: a device's weak spots live this long after its last outcome. Default 90 days. */
  weakTtlMs: number;
  /** Both stores: a practice round lives this long after its last move. Default 1 day. */
  practiceTtlMs: number;
}

export const DEFAULT_LEARNING_TTLS: LearningTtls = { reportTtlMs: 7 * DAY_MS, weakTtlMs: 90 * DAY_MS, practiceTtlMs: DAY_MS };

export interface LearningStore {
  /** Writes (or rewrites: idempotent by index) the facts of one closed question. */
  logQuestion(reportId: string, entry: QuestionLog): Promise<void>;
  /** Writes the report's metadata at the end of the game; the report is readable from then on. */
  saveReport(meta: ReportMeta): Promise<void>;
  /** The report, its log by index; null when unknown, expired, or its game has not ended. */
  getReport(reportId: string): Promise<StoredReport | null>;

  /** Applies outcomes in order, atomically, with the rule in weak.ts. */
  recordOutcomes(deviceId: string, outcomes: Outcome[]): Promise<void>;
  /** Most recent miss first. */
  weakSpots(deviceId: string): Promise<WeakSpot[]>;
  clearWeakSpots(deviceId: string): Promise<void>;

  /** false if the token is taken. */
  createPractice(session: PracticeSession): Promise<boolean>;
  getPractice(token: string): Promise<PracticeSession | null>;
  /** Compare-and-set on version. */
  updatePractice(token: string, expectedVersion: number, next: PracticeSession): Promise<boolean>;

  close(): Promise<void>;
}
