/**
 * A question and an answer in plain words, for every question type: the right answer and the player's
 * answer as lines in the same words, and each option with its `why`. Used by the report, the CSV, the
 * phone review and practice feedback — only ever after the question was answered or closed.
 */
import type { AnswerPayload, CorrectAnswer } from '../../shared/protocol.js';
import type { QuestionReview, ReviewOption } from '../../shared/learning.js';
import type { PreparedQuestion } from '../engine/types.js';

const textOf = (items: { id: string; text: string }[] | undefined, id: string): string => items?.find((o) => o.id === id)?.text ?? id;
const optionLine = (q: PreparedQuestion, id: string): string => `${id}) ${textOf(q.view.options, id)}`;
const tf = (v: boolean): string => (v ? 'True' : 'False');

/** The lines of an answer (or of the right answer), in the words the player saw. */
export function answerLines(q: PreparedQuestion, a: AnswerPayload | CorrectAnswer | undefined): string[] {
  if (!a || a.type !== q.type) return [];
  switch (a.type) {
    case 'single':
      return [optionLine(q, a.option)];
    case 'multi':
      return [...a.options].sort().map((id) => optionLine(q, id));
    case 'truefalse':
      return [tf(a.value)];
    case 'match':
      return a.pairs.map((p) => `${textOf(q.view.left, p.left)} → ${textOf(q.view.right, p.right)}`);
    case 'order':
      return a.order.map((id, i) => `${i + 1}. ${textOf(q.view.steps, id)}`);
  }
}

/** Ids an answer picked (single, multi, truefalse), for marking options. */
function pickedIds(a: AnswerPayload | undefined): Set<string> {
  if (!a) return new Set();
  if (a.type === 'single') return new Set([a.option]);
  if (a.type === 'multi') return new Set(a.options);
  if (a.type === 'truefalse') return new Set([String(a.value)]);
  return new Set();
}

function correctIds(c: CorrectAnswer): Set<string> {
  if (c.type === 'single') return new Set([c.option]);
  if (c.type === 'multi') return new Set(c.options);
  if (c.type === 'truefalse') return new Set([String(c.value)]);
  return new Set();
}

/** Every option with right/picked marks and its `why`: single, multi and truefalse; empty for match and order. */
export function reviewOptions(q: PreparedQuestion, a?: AnswerPayload): ReviewOption[] {
  const right = correctIds(q.correct);
  const picked = pickedIds(a);
  const items =
    q.type === 'truefalse'
      ? [
          { id: 'true', text: 'True' },
          { id: 'false', text: 'False' },
        ]
      : q.type === 'single' || q.type === 'multi'
        ? (q.view.options ?? [])
        : [];
  return items.map((o) => ({ id: o.id, text: o.text, correct: right.has(o.id), picked: picked.has(o.id), why: q.whys[o.id] ?? '' }));
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
