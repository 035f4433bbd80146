/**
 * The table of question types on the phone: each type's answer control and reveal rows
 * (client/src/question-types/<type>/phone.ts). Typed by QuestionType, so a type added in
 * shared/question-types/ and missing here does not compile. Screens look a type up here and never name one.
 */
import type { QuestionType } from '../../../shared/protocol.js';
import { match } from './match/phone.js';
import { multi } from './multi/phone.js';
import { order } from './order/phone.js';
import { single } from './single/phone.js';
import { truefalse } from './truefalse/phone.js';
import type { AnswerComponent, PhoneQuestionType } from './types.js';

export type { AnswerComponent, AnswerProps } from './types.js';

export const PHONE_QUESTION_TYPES: { [T in QuestionType]: PhoneQuestionType } = { single, multi, truefalse, match, order };

/** The phone side of a type; undefined for a type this client does not know (a newer server). */
export function phoneType(type: string): PhoneQuestionType | undefined {
  return Object.hasOwn(PHONE_QUESTION_TYPES, type) ? PHONE_QUESTION_TYPES[type as QuestionType] : undefined;
}

const loaded = new Map<string, AnswerComponent>();
const pending = new Map<string, Promise<AnswerComponent>>();
for (const [type, def] of Object.entries(PHONE_QUESTION_TYPES)) if ('component' in def.answer) loaded.set(type, def.answer.component);
/** For a type this client does not know: the single-choice control. */
const fallback = loaded.get('single')!;

/** The answer control of a type if it is already loaded. */
export function answerComponent(type: QuestionType): AnswerComponent | undefined {
  return loaded.get(type);
}

/** The answer control of a type, loading it if needed. */
export function loadAnswer(type: QuestionType): Promise<AnswerComponent> {
  const ready = loaded.get(type);
  if (ready) return Promise.resolve(ready);
  let p = pending.get(type);
  if (!p) {
    const answer = phoneType(type)?.answer;
    if (!answer || !('load' in answer)) return Promise.resolve(fallback);
    p = answer.load().then((m) => {
      loaded.set(type, m.default);
      return m.default;
    });
    p.catch(() => pending.delete(type));
    pending.set(type, p);
  }
  return p;
}

/** Fetches every on-demand answer control (while the player waits in the lobby). */
export function preloadAnswers(): void {
  for (const [type, def] of Object.entries(PHONE_QUESTION_TYPES)) {
    if ('load' in def.answer) void loadAnswer(type as QuestionType).catch(() => {});
  }
}
