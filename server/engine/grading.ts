/**
 * How right an answer is: credit in [0, 1], and the check that an answer has the right shape for its
 * question (its type, known ids, no repeats). Each type's rules live in server/question-types/.
 */
import type { AnswerPayload, CorrectAnswer } from '../../shared/protocol.js';
import { questionType, type ShapeCheck } from '../question-types/index.js';
import type { PreparedQuestion } from './types.js';

export type { ShapeCheck };

/** Refuses answers that do not fit the question: wrong type, unknown or repeated ids, wrong length. */
export function checkShape(q: PreparedQuestion, a: AnswerPayload): ShapeCheck {
  if (a.type !== q.type) return { ok: false, message: `This question takes a ${q.type} answer, not ${a.type}.` };
  return questionType(q.type).checkShape(q.view, a);
}

/** Credit in [0, 1]. Assumes checkShape passed; an answer of another type earns 0. */
export function grade(correct: CorrectAnswer, a: AnswerPayload): number {
  if (a.type !== correct.type) return 0;
  return questionType(correct.type).grade(correct, a);
}
