/**
 * The table of question types as the server knows them (deck fields, preparation, shape check, grading,
 * reveal distribution). Typed by QuestionType, so a type added in shared/question-types/ and missing here
 * does not compile. Callers (engine, deck checker) dispatch through it and never name a type.
 */
import type { QuestionType } from '../../shared/protocol.js';
import { match } from './match.js';
import { multi } from './multi.js';
import { order } from './order.js';
import { single } from './single.js';
import { truefalse } from './truefalse.js';
import type { ServerQuestionType } from './types.js';

export type { PreparedFields, ServerQuestionType, ShapeCheck } from './types.js';

export const SERVER_QUESTION_TYPES: { [T in QuestionType]: ServerQuestionType<T> } = { single, multi, truefalse, match, order };

/**
 * The entry of one type, for a caller holding values it has already matched to that type (a question
 * and an answer of the same `type`): TypeScript cannot correlate the two unions by itself.
 */
export function questionType(type: QuestionType): ServerQuestionType<QuestionType> {
  return SERVER_QUESTION_TYPES[type] as ServerQuestionType<QuestionType>;
}
