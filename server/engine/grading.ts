/**
 * How right an answer is: credit in [0, 1] per question type, and the check
 * that an answer has the right shape for its question (known ids, no repeats).
 */
import type { AnswerPayload, CorrectAnswer } from '../../shared/protocol.js';
import type { PreparedQuestion } from './types.js';

export type ShapeCheck = { ok: true } | { ok: false; message: string };

const ids = (items: { id: string }[] | undefined): Set<string> => new Set((items ?? []).map((o) => o.id));
const hasRepeats = (xs: string[]): boolean => new Set(xs).size !== xs.length;

/** Refuses answers that do not fit the question: wrong type, unknown or repeated ids, wrong length. */
export function checkShape(q: PreparedQuestion, a: AnswerPayload): ShapeCheck {
  if (a.type !== q.type) return { ok: false, message: `This question takes a ${q.type} answer, not ${a.type}.` };
  switch (a.type) {
    case 'single':
      return ids(q.view.options).has(a.option) ? { ok: true } : { ok: false, message: `Unknown option "${a.option}".` };
    case 'multi': {
      const known = ids(q.view.options);
      if (hasRepeats(a.options)) return { ok: false, message: 'An option is picked twice.' };
      const bad = a.options.find((o) => !known.has(o));
      return bad ? { ok: false, message: `Unknown option "${bad}".` } : { ok: true };
    }
    case 'truefalse':
      return { ok: true };
    case 'match': {
      const left = ids(q.view.left);
      const right = ids(q.view.right);
      const ls = a.pairs.map((p) => p.left);
      const rs = a.pairs.map((p) => p.right);
      if (hasRepeats(ls) || hasRepeats(rs)) return { ok: false, message: 'Each item can be matched only once.' };
      const bad = a.pairs.find((p) => !left.has(p.left) || !right.has(p.right));
      return bad ? { ok: false, message: `Unknown item in pair ${bad.left}–${bad.right}.` } : { ok: true };
    }
    case 'order': {
      const known = ids(q.view.steps);
      if (a.order.length !== known.size) return { ok: false, message: `Put all ${known.size} steps in order.` };
      if (hasRepeats(a.order)) return { ok: false, message: 'A step appears twice.' };
      const bad = a.order.find((s) => !known.has(s));
      return bad ? { ok: false, message: `Unknown step "${bad}".` } : { ok: true };
    }
  }
}

/** Credit in [0, 1]. Assumes checkShape passed. */
export function grade(correct: CorrectAnswer, a: AnswerPayload): number {
  if (a.type !== correct.type) return 0;
  switch (correct.type) {
    case 'single':
      return (a as { option: string }).option === correct.option ? 1 : 0;
    case 'truefalse':
      return (a as { value: boolean }).value === correct.value ? 1 : 0;
    case 'multi': {
      const right = new Set(correct.options);
      const picks = (a as { options: string[] }).options;
      const good = picks.filter((o) => right.has(o)).length;
      return Math.max(0, good - (picks.length - good)) / right.size;
    }
    case 'match': {
      const want = new Map(correct.pairs.map((p) => [p.left, p.right]));
      const good = (a as { pairs: { left: string; right: string }[] }).pairs.filter((p) => want.get(p.left) === p.right).length;
      return good / want.size;
    }
    case 'order': {
      const order = (a as { order: string[] }).order;
      const good = correct.order.filter((s, i) => order[i] === s).length;
      return good / correct.order.length;
    }
  }
}
