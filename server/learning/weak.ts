/**
 * Weak spots: per private device id, the questions it missed or got partly right, in games and in
 * practice. The rule (docs/reports.md):
 *   - an answer with credit < 1 (or no answer) adds the question, or puts it back to "just missed"
 *     (missedAt = now, rightStreak = 0);
 *   - a fully right answer to a weak spot adds one to its rightStreak; at WEAK_SPOT_CLEAR_STREAK (2) right
 *     in a row the question is dropped; a right answer to a question that is not a weak spot changes nothing;
 *   - "my weak spots" lists the most recent misses first.
 * Both stores apply this same rule (the Redis store in one Lua script, redis-learning.ts).
 */
import { WEAK_SPOT_CLEAR_STREAK, type WeakSpot } from '../../shared/learning.js';

export interface Outcome {
  deckId: string;
  questionId: string;
  credit: number;
  at: number;
}

/** The weak spot after one outcome; undefined = not (or no longer) a weak spot. */
export function applyOutcome(prev: WeakSpot | undefined, o: Outcome): WeakSpot | undefined {
  if (o.credit < 1) return { deckId: o.deckId, questionId: o.questionId, missedAt: o.at, rightStreak: 0 };
  if (!prev) return undefined;
  const rightStreak = prev.rightStreak + 1;
  return rightStreak >= WEAK_SPOT_CLEAR_STREAK ? undefined : { ...prev, rightStreak };
}

export const weakKey = (deckId: string, questionId: string): string => `${deckId}:${questionId}`;

/** Most recent miss first; ties by question id. */
export function mostRecentFirst(a: WeakSpot, b: WeakSpot): number {
  return b.missedAt - a.missedAt || a.questionId.localeCompare(b.questionId);
}
