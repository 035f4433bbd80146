/**
 * The table of question types on the projector: each type's board and reveal bars
 * (client/src/question-types/<type>/projector.ts). Typed by QuestionType, so a type added in
 * shared/question-types/ and missing here does not compile. Screens look a type up here and never name one.
 */
import type { QuestionType } from '../../../shared/protocol.js';
import { match } from './match/projector.js';
import { multi } from './multi/projector.js';
import { order } from './order/projector.js';
import { single } from './single/projector.js';
import { truefalse } from './truefalse/projector.js';
import type { ProjectorQuestionType } from './types.js';

export type { BarRow, HostRevealRows } from './types.js';

export const PROJECTOR_QUESTION_TYPES: { [T in QuestionType]: ProjectorQuestionType } = { single, multi, truefalse, match, order };

/** The projector side of a type; undefined for a type this client does not know (a newer server). */
export function projectorType(type: string): ProjectorQuestionType | undefined {
  return Object.hasOwn(PROJECTOR_QUESTION_TYPES, type) ? PROJECTOR_QUESTION_TYPES[type as QuestionType] : undefined;
}
