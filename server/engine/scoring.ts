/**
 * The scoring rule, in one place.
 *
 * grade()  → credit in [0, 1]: how much of an answer is right (see grading.ts).
 * points() → what that credit earns under the room's scoring style.
 *
 * study (default): accuracy dominates. Credit × 1000 plus two bonuses whose
 *   maxima are sized from the game's question count so that all bonuses of a
 *   whole game add up to less than 1000 (one correct answer):
 *     speed bonus  – full within the first 500 ms, falling linearly to 0 at the deadline (× credit);
 *     streak bonus – for the 2nd, 3rd, 4th… consecutive fully correct answer, growing to its cap at 4.
 *   So a player with more fully correct answers always outscores one with fewer.
 * exam: all-or-nothing 1000, no speed or streak bonus.
 * classic: the party rule: 1000 down to 500 over the answer window (full within 500 ms) × credit,
 *   plus 100 per consecutive fully correct answer after the first, capped at 500.
 * A streak continues only on a fully correct answer; anything else resets it to 0.
 */
import type { ScoringStyle } from '../../shared/protocol.js';

export const BASE_POINTS = 1000;
export const FULL_SPEED_MS = 500;
/** Sum of all bonuses over a whole study game stays under this. */
export const STUDY_BONUS_BUDGET = 990;
const STREAK_STEPS = 3;

export interface ScoreInput {
  style: ScoringStyle;
  credit: number;
  /** Server-measured time from question open to answer receipt; undefined when not answered. */
  elapsedMs?: number;
  durationMs: number;
  /** Streak before this question. */
  streak: number;
  questionCount: number;
}

export interface ScoreOutput {
  points: number;
  streak: number;
  correct: boolean;
}

/** 1 within the first 500 ms, then falling linearly to 0 at the deadline. */
export function speedFactor(elapsedMs: number, durationMs: number): number {
  if (elapsedMs <= FULL_SPEED_MS) return 1;
  if (elapsedMs >= durationMs) return 0;
  return (durationMs - elapsedMs) / (durationMs - FULL_SPEED_MS);
}

/** Per-question bonus maxima for a study game of `questionCount` questions. */
export function studyBonusMax(questionCount: number): { speed: number; streak: number } {
  const perQuestion = Math.floor(STUDY_BONUS_BUDGET / Math.max(1, questionCount));
  const speed = Math.floor(perQuestion / 2);
  return { speed, streak: perQuestion - speed };
}

export function points(input: ScoreInput): ScoreOutput {
  const credit = Math.min(1, Math.max(0, input.credit));
  const answered = input.elapsedMs !== undefined;
  const correct = answered && credit === 1;
  const streak = correct ? input.streak + 1 : 0;
  if (!answered || credit === 0) return { points: 0, streak, correct };
  const elapsed = input.elapsedMs as number;

  switch (input.style) {
    case 'exam':
      return { points: correct ? BASE_POINTS : 0, streak, correct };
    case 'classic': {
      const timed = 500 + 500 * speedFactor(elapsed, input.durationMs);
      const bonus = correct ? Math.min(100 * (streak - 1), 500) : 0;
      return { points: Math.round(timed * credit) + bonus, streak, correct };
    }
    case 'study':
    default: {
      const max = studyBonusMax(input.questionCount);
      const speed = Math.floor(max.speed * credit * speedFactor(elapsed, input.durationMs));
      const streakBonus = correct ? Math.floor((max.streak * Math.min(streak - 1, STREAK_STEPS)) / STREAK_STEPS) : 0;
      return { points: Math.round(BASE_POINTS * credit) + speed + streakBonus, streak, correct };
    }
  }
}
