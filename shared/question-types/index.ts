/**
 * The table of question types as `shared/` knows them, and the protocol types derived from it.
 *
 * Adding a type: a module in this folder (`defineType`: its answer schema, view fields, deck fields),
 * one line in `SHARED_QUESTION_TYPES`, then the compiler names the server and client tables that lack it
 * (`server/question-types/index.ts`, `client/src/question-types/index.ts`). docs/architecture.md walks it.
 */
import { z } from 'zod';
import { match } from './match.js';
import { multi } from './multi.js';
import { order } from './order.js';
import { single } from './single.js';
import { truefalse } from './truefalse.js';

export { itemId, MAX_ANSWER_ITEMS, type OptionView } from './common.js';

export const SHARED_QUESTION_TYPES = { single, multi, truefalse, match, order };

type Table = typeof SHARED_QUESTION_TYPES;
export type QuestionType = keyof Table;
/** Every type, in table order (which is also the order deck messages list them in). */
export const QUESTION_TYPES = Object.keys(SHARED_QUESTION_TYPES) as QuestionType[];

type Types<T extends QuestionType> = NonNullable<Table[T]['types']>;
type AnswerSchema = Table[QuestionType]['answer'];

/** A player's answer to a question of type T (z.infer of the type's schema). */
export type AnswerOf<T extends QuestionType = QuestionType> = { [K in T]: z.infer<Table[K]['answer']> }[T];
/** The correct answer to a question of type T, in the ids of its view (sent only in the reveal). */
export type CorrectOf<T extends QuestionType = QuestionType> = { [K in T]: Types<K>['correct'] }[T];
/** The fields a type adds to the QuestionView. */
export type ViewFieldsOf<T extends QuestionType> = Types<T>['view'];
/** The fields a type adds to a deck question. */
export type DeckFieldsOf<T extends QuestionType> = Types<T>['deck'];

/** Every `player:answer` answer: one of the types' schemas, chosen by `type`. */
export const answerSchema = z.discriminatedUnion(
  'type',
  Object.values(SHARED_QUESTION_TYPES).map((t) => t.answer) as [AnswerSchema, ...AnswerSchema[]],
);

type KeysOfUnion<U> = U extends unknown ? keyof U : never;
/**
 * A union whose members also carry the other members' fields as absent (`?: undefined`): it narrows by
 * `type` as usual, and a field of another type reads as undefined rather than failing to compile.
 */
export type Exclusive<U, K extends PropertyKey = KeysOfUnion<U>> = U extends unknown
  ? U & { [P in Exclude<K, keyof U>]?: undefined }
  : never;
