/** Matching reveal: every correct pair, and what you paired its left item with. Plain functions, unit-tested. */
import type { AnswerPayload, QuestionView, RevealView } from '../../../../shared/protocol.js';
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

