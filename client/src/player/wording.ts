/**
 * What a phone says about its own game, as plain functions (unit-tested in tests/client/player-wording.test.ts):
 * the outcome of a question, the streak, the rank change, the gap to the next place, and what comes next.
 * Visual text may carry symbols (▲ ▼ 🔥); `label` is the same thing in words, for screen readers.
 */
import type { PlayerResult } from '../../../shared/protocol.js';
import { ordinal, plural } from '../lib/options.js';

export type OutcomeKey = 'wait' | 'right' | 'partial' | 'wrong' | 'none' | 'skipped';

export interface Outcome {
  key: OutcomeKey;
  /** A symbol shown beside the title (decorative: the title says it in words). */
  icon: string;
  title: string;
}

/** This player's outcome of a revealed question; `skipped`: the host skipped it. */
export function outcome(res: PlayerResult | null, skipped = false): Outcome {
  if (!res) return { key: 'wait', icon: '…', title: 'Checking your answer…' };
  if (!res.answered) return skipped ? { key: 'skipped', icon: '»', title: 'Skipped' } : { key: 'none', icon: '⏱', title: 'No answer this time' };
  if (res.correct) return { key: 'right', icon: '✓', title: 'Right!' };
  if (res.credit > 0) return { key: 'partial', icon: '◐', title: 'Partly right' };
  return { key: 'wrong', icon: '✗', title: 'Not this time' };
}

/** "+850 points", "+0 points", "+1 point". */
export function pointsGained(points: number): string {
  return `+${plural(points, 'point')}`;
}

export interface Said {
  /** What the screen shows. */
  text: string;
  /** The same in words (screen readers). */
  label: string;
}

/**
 * The streak after a question (fully correct answers in a row): "🔥 3 in a row" from two on, "1 in a row",
 * "Streak of 4 ended" when a streak of two or more just broke (`before`: the streak before this question),
 * else "None".
 */
export function streakLine(streak: number, before = 0): Said & { hot: boolean } {
  if (streak >= 2) return { text: `🔥 ${streak} in a row`, label: `${streak} right in a row`, hot: true };
  if (streak === 1) return { text: '1 in a row', label: '1 right in a row', hot: false };
  if (before >= 2) return { text: `Streak of ${before} ended`, label: `Streak of ${before} ended`, hot: false };
  return { text: 'None', label: 'No streak', hot: false };
}

export type RankMove = 'up' | 'down' | 'same' | 'first';

/**
 * The rank change from the last standings: "▲ 3 places", "▼ 1 place", "Holding 2nd" ("Holding joint 2nd"
 * when someone else shares it). No `previousRank` (the first question): "First standings".
 * Ranks share on equal points (1, 1, 3), so a move is counted in rank numbers.
 */
export function rankChange(rank: number, previousRank?: number, tied = false): Said & { move: RankMove } {
  const place = `${tied ? 'joint ' : ''}${ordinal(rank)}`;
  if (previousRank === undefined) return { move: 'first', text: 'First standings', label: `First standings, ${place}` };
  const d = previousRank - rank;
  if (d > 0) return { move: 'up', text: `▲ ${plural(d, 'place')}`, label: `Up ${plural(d, 'place')}, now ${place}` };
  if (d < 0) return { move: 'down', text: `▼ ${plural(-d, 'place')}`, label: `Down ${plural(-d, 'place')}, now ${place}` };
  return { move: 'same', text: `Holding ${place}`, label: `Holding ${place}` };
}

/** "2nd" or "joint 2nd". */
export function placeText(rank: number, tied = false): string {
  return `${tied ? 'joint ' : ''}${ordinal(rank)}`;
}

/** What comes after question `index` (0-based) of `total`: "Question 4 of 12 next" or "Final results next". */
export function nextUp(index: number, total: number): string {
  return index + 1 < total ? `Question ${index + 2} of ${total} next` : 'Final results next';
}

export interface Standing {
  id: string;
  name: string;
  score: number;
  rank: number;
}

/**
 * How far this player is from the next place, from the leaderboard's top entries: "120 points behind Ada",
 * "Level with Ben" (shared rank), "Leading by 40 points" (1st alone). Null when it cannot be told (this
 * player or the next one is not in the list, or nobody else is).
 */
export function gapLine(top: readonly Standing[], meId: string): string | null {
  const me = top.find((e) => e.id === meId);
  if (!me) return null;
  const level = top.find((e) => e.id !== meId && e.rank === me.rank);
  if (level) return `Level with ${level.name}`;
  if (me.rank === 1) {
    const second = top.filter((e) => e.id !== meId).sort((a, b) => b.score - a.score)[0];
    return second ? `Leading by ${plural(me.score - second.score, 'point')}` : null;
  }
  const ahead = top.filter((e) => e.score > me.score).sort((a, b) => a.score - b.score)[0];
  return ahead ? `${plural(ahead.score - me.score, 'point')} behind ${ahead.name}` : null;
}

/** Seconds left, as a timer shows them: "12 s left", "1 s left", "Time’s up". */
export function timeLeft(ms: number): string {
  const s = Math.ceil(Math.max(0, ms) / 1000);
  return s > 0 ? `${s} s left` : 'Time’s up';
}
