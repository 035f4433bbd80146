/**
 * "Fit to reading": how long a question stays open, from how much there is to read.
 *
 *   seconds = words / READING_WPM × 60 + THINKING_S (+ HANDLING_S for match and order, which take taps)
 *   then × the host's "more time" factor, rounded UP to a multiple of 5 s and clamped to [MIN_S, MAX_S].
 *
 * Words: the prompt, every option (single/multi), both sides of every pair (match), every step (order),
 * the statement (truefalse), and the case scenario the first time its case appears in the game.
 * A deck question's own `time` wins over this (still × factor). Pure, so it is unit-tested on real questions.
 */
import type { DeckQuestion } from '../../shared/deck.js';

/** A careful reading speed for technical text in a second language (adults average ~240 wpm in their first). */
export const READING_WPM = 200;
/** Time to weigh the options after reading. */
export const THINKING_S = 5;
/** Extra for answers built by tapping items in turn (match pairs, order steps). */
export const HANDLING_S = 5;
export const MIN_S = 10;
export const MAX_S = 180;

export function countWords(text: string): number {
  const t = text.trim();
  return t ? t.split(/\s+/).length : 0;
}

/** Words a player reads for this question (scenario excluded). */
export function questionWords(q: DeckQuestion): number {
  const parts: string[] = [q.prompt];
  if (q.type === 'single' || q.type === 'multi') parts.push(...q.options.map((o) => o.text));
  if (q.type === 'match') parts.push(...q.pairs.flatMap((p) => [p.left, p.right]));
  if (q.type === 'order') parts.push(...q.steps);
  return parts.reduce((n, p) => n + countWords(p), 0);
}

export function roundUpTo5(seconds: number): number {
  return Math.ceil(seconds / 5 - 1e-9) * 5;
}

export function clampSeconds(s: number): number {
  return Math.min(MAX_S, Math.max(MIN_S, s));
}

/** Seconds for a question read with `scenarioWords` of case scenario before it (0 when its case was already shown). */
export function fitSeconds(q: DeckQuestion, scenarioWords: number, factor = 1): number {
  const words = questionWords(q) + scenarioWords;
  const handling = q.type === 'match' || q.type === 'order' ? HANDLING_S : 0;
  const raw = (words / READING_WPM) * 60 + THINKING_S + handling;
  return clampSeconds(roundUpTo5(raw * factor));
}

export interface TimingChoice {
  timing: 'fit' | 'fixed';
  /** Seconds per question when timing is 'fixed'. */
  timeLimit?: number;
  timeFactor: number;
}

/**
 * Seconds for each question of a game, in the order asked: a case's scenario counts for the first
 * question of that case only. 'fixed' ignores the deck's `time`; 'fit' lets it win.
 */
export function questionSeconds(
  questions: readonly DeckQuestion[],
  scenarioOf: (caseId: string) => string | undefined,
  choice: TimingChoice,
): number[] {
  const seen = new Set<string>();
  return questions.map((q) => {
    if (choice.timing === 'fixed' && choice.timeLimit) return Math.round(choice.timeLimit * choice.timeFactor);
    let scenario = 0;
    if (q.case && !seen.has(q.case)) {
      seen.add(q.case);
      scenario = countWords(scenarioOf(q.case) ?? '');
    }
    if (q.time) return Math.round(q.time * choice.timeFactor);
    return fitSeconds(q, scenario, choice.timeFactor);
  });
}
