/** Ordering reveal: the steps in the right order, and where you put each. Plain functions, unit-tested. */
import type { AnswerPayload, QuestionView, RevealView } from '../../../../shared/protocol.js';
import { textOf, whyOf } from '../common/rows.js';

export interface OrderRow {
  text: string;
  ok: boolean;
  /** Where you put this step (0-based), or -1. */
  yoursAt: number;
  why: string;
}

/** Phone: one row per step, in the correct order. */
export function orderRows(q: QuestionView | null, r: RevealView, answer: AnswerPayload | null): OrderRow[] {
  const c = r.correct;
  if (!q || c.type !== 'order') return [];
  const mine = answer?.type === 'order' ? answer.order : [];
  return c.order.map((id, i) => ({ text: textOf(q.steps, id), ok: mine[i] === id, yoursAt: mine.indexOf(id), why: whyOf(r, id) }));
}

