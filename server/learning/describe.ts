/**
 * A question and an answer in plain words: the right answer and the player's answer as lines in the same
 * words, and each choice with its `why`. Each type says how (`words`, `choices` in server/question-types/).
 * Used by the report, the CSV, the phone review and practice feedback — only after the question was
 * answered or closed.
 */
import type { AnswerPayload, CorrectAnswer } from '../../shared/protocol.js';
import type { QuestionReview, ReviewOption } from '../../shared/learning.js';
import type { PreparedQuestion } from '../engine/types.js';
import { questionType } from '../question-types/index.js';

/** The lines of an answer (or of the right answer), in the words the player saw; [] when absent or of another type. */
export function answerLines(q: PreparedQuestion, a: AnswerPayload | CorrectAnswer | undefined): string[] {
  if (!a || a.type !== q.type) return [];
  return questionType(q.type).words(q.view, a);
}

/** Every choice (single, multi, truefalse) marked right and picked, with its `why`; [] for match and order. */
export function reviewOptions(q: PreparedQuestion, a?: AnswerPayload): ReviewOption[] {
  const answer = a && a.type === q.type ? a : undefined;
  return questionType(q.type)
    .choices(q.view, q.correct, answer)
    .map((c) => ({ ...c, why: q.whys[c.id] ?? '' }));
}

export function questionReview(q: PreparedQuestion, topicTitle: string, a?: AnswerPayload): QuestionReview {
  return {
    questionId: q.deckQuestionId,
    type: q.type,
    topic: q.topic,
    topicTitle,
    prompt: q.view.prompt,
    ...(q.view.case ? { case: q.view.case } : {}),
    options: reviewOptions(q, a),
    right: answerLines(q, q.correct),
    explanation: q.explanation,
  };
}

/**
 * Words a reader must get through before answering: the prompt and every option/item/step. A case
 * scenario is left out (a player may have read it at an earlier question of the same case), so the
 * figure errs on the side of flagging fewer answers.
 */
export function wordCount(q: PreparedQuestion): number {
  const v = q.view;
  const texts = [v.prompt, ...[v.options, v.left, v.right, v.steps].flatMap((xs) => (xs ?? []).map((o) => o.text))];
  return texts.join(' ').split(/\s+/).filter(Boolean).length;
}
