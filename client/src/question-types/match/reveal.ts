/** Matching reveal: every correct pair, and what you paired its left item with. Plain functions, unit-tested. */
import type { AnswerPayload, CorrectAnswer, QuestionView, RevealView } from '../../../../shared/protocol.js';
import { textOf, whyOf } from '../common/rows.js';

export interface MatchRow {
  left: string;
  right: string;
  /** The right item you chose for this left item, or null. */
  yours: string | null;
  ok: boolean;
  why: string;
}

/** Phone: one row per correct pair, in the order of the left items. */
export function matchRows(q: QuestionView | null, r: RevealView, answer: AnswerPayload | null): MatchRow[] {
  const c = r.correct;
  if (!q || c.type !== 'match') return [];
  const mine = answer?.type === 'match' ? answer.pairs : [];
  return c.pairs.map((p) => {
    const yours = mine.find((m) => m.left === p.left)?.right;
    return {
      left: textOf(q.left, p.left),
      right: textOf(q.right, p.right),
      yours: yours ? textOf(q.right, yours) : null,
      ok: yours === p.right,
      why: whyOf(r, p.left) || whyOf(r, p.right),
    };
  });
}


/** How partial credit was worked out: "2 of 4 pairs right" (credit = correct pairs / pairs). */
export function matchPartial(correct: CorrectAnswer, answer: AnswerPayload | null): string {
  if (correct.type !== 'match') return '';
  const mine = answer?.type === 'match' ? answer.pairs : [];
  const right = correct.pairs.filter((p) => mine.some((m) => m.left === p.left && m.right === p.right)).length;
  return `${right} of ${correct.pairs.length} pairs right`;
}

/** What to do, for the get-ready beat before the question. */
export const matchTask = (): string => 'Match each pair';
