/**
 * The learning side of a game: logs each closed question, writes the report when the game ends and
 * feeds the players' weak spots; reads reports and reviews. GameService calls the two hooks
 * (questionClosed, gameEnded); a learning-store failure is logged and never stops the game.
 */
import { createHmac } from 'node:crypto';
import type { GameReport, PlayerReview } from '../../shared/learning.js';
import type { CloseOutcome } from '../engine/close.js';
import type { AnswerRecord, PlayerRecord, PreparedQuestion, RoomState } from '../engine/types.js';
import { questionLog } from './log.js';
import { computeReport } from './report.js';
import { playerReview } from './review.js';
import type { LearningStore } from './store.js';
import type { ReportMeta } from './types.js';
import type { Outcome } from './weak.js';

export interface LearningLog {
  warn: (o: object, m: string) => void;
}

/** A report id: 43 url-safe characters. */
export const REPORT_ID = /^[A-Za-z0-9_-]{43}$/;

/**
 * The id of a game's report: an HMAC of the room's PIN and creation time keyed with the secret host
 * token, so every process derives the same id without storing it, a new game in the same room (a new
 * creation time) gets a new one, and no one without the host token can work it out from the PIN.
 */
export function reportIdOf(room: Pick<RoomState, 'pin' | 'createdAt' | 'hostToken'>): string {
  return createHmac('sha256', room.hostToken).update(`report:${room.pin}:${room.createdAt}`).digest('base64url');
}

/** The host skipped the question the room is closing. */
export function wasSkipped(room: RoomState): boolean {
  return room.closedBy === 'skip';
}

export type DeviceOf = (player: PlayerRecord) => string | undefined;

export class LearningService {
  constructor(
    readonly store: LearningStore,
    readonly log: LearningLog,
    readonly now: () => number = Date.now,
    /** The private device id a player joined with, if any (their weak spots). */
    readonly deviceOf: DeviceOf = (p) => p.deviceId,
  ) {}

  /** Before the close is committed (idempotent by index, so a close finished twice writes the same facts). */
  async questionClosed(room: RoomState, q: PreparedQuestion, answers: AnswerRecord[], outcome: Pick<CloseOutcome, 'results'>): Promise<void> {
    try {
      await this.store.logQuestion(reportIdOf(room), questionLog(room, q, answers, outcome, wasSkipped(room), this.now()));
    } catch (err) {
      this.log.warn({ err, pin: room.pin }, 'report: could not log a closed question');
    }
  }

  /** `players` with their final ranks (kicked ones included, rank undefined). */
  async gameEnded(room: RoomState, players: PlayerRecord[], questions: PreparedQuestion[]): Promise<void> {
    const reportId = reportIdOf(room);
    try {
      const asked = Object.fromEntries(questions.slice(0, Math.max(0, room.index + 1)).map((q, i) => [i, q]));
      const meta: ReportMeta = {
        reportId,
        deckId: room.deckId,
        deckTitle: room.deckTitle,
        scoring: room.scoring,
        createdAt: room.createdAt,
        endedAt: this.now(),
        planned: room.questionCount,
        topics: Object.entries(room.topicTitles).map(([id, title]) => ({ id, title })),
        questions: asked,
        players: players.map((p) => ({ id: p.id, name: p.name, score: p.score, correct: p.correct, rank: p.kicked ? null : (p.rank ?? null), kicked: p.kicked, joinedAt: p.joinedAt })),
      };
      await this.store.saveReport(meta);
      await this.feedWeakSpots(reportId, players);
    } catch (err) {
      this.log.warn({ err, pin: room.pin }, 'report: could not save the report');
    }
  }

  /** Each player who joined with a device id: their misses and right answers of this game, in order. */
  private async feedWeakSpots(reportId: string, players: PlayerRecord[]): Promise<void> {
    const devices = players.flatMap((p) => {
      const d = this.deviceOf(p);
      return d && !p.kicked ? [{ id: p.id, device: d }] : [];
    });
    if (devices.length === 0) return;
    const stored = await this.store.getReport(reportId);
    if (!stored) return;
    const counted = stored.log.filter((l) => !l.skipped);
    await Promise.all(
      devices.map(({ id, device }) => {
        const outcomes: Outcome[] = counted.flatMap((l) => {
          const row = l.rows.find((r) => r.playerId === id);
          return row ? [{ deckId: stored.meta.deckId, questionId: l.questionId, credit: row.credit, at: l.closedAt }] : [];
        });
        return this.store.recordOutcomes(device, outcomes);
      }),
    );
  }

  async report(reportId: string): Promise<GameReport | null> {
    if (!REPORT_ID.test(reportId)) return null;
    const stored = await this.store.getReport(reportId);
    return stored ? computeReport(stored) : null;
  }

  async review(room: RoomState, playerId: string): Promise<PlayerReview | null> {
    const stored = await this.store.getReport(reportIdOf(room));
    return stored ? playerReview(stored, playerId) : null;
  }
}
