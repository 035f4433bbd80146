/** Ordering reveal: the steps in the right order, and where you put each. Plain functions, unit-tested. */
import type { AnswerPayload, CorrectAnswer, QuestionView, RevealView } from '../../../../shared/protocol.js';
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


/** How partial credit was worked out: "3 of 5 steps in the right place" (credit = steps in place / steps). */
export function orderPartial(correct: CorrectAnswer, answer: AnswerPayload | null): string {
  if (correct.type !== 'order') return '';
  const mine = answer?.type === 'order' ? answer.order : [];
  const right = correct.order.filter((id, i) => mine[i] === id).length;
  return `${right} of ${correct.order.length} steps in the right place`;
}

/** What to do, for the get-ready beat before the question. */
export const orderTask = (): string => 'Put the steps in order';
