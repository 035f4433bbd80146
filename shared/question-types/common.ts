/**
 * What every question type shares on the wire: how a client names an option or item (its display
 * position), how an option is shown, and `defineType`, which ties a type's answer schema to the
 * TypeScript types derived from it.
 */
import { z } from 'zod';

/** An option/item id as a client sends it: a display position (A…, L1…/R1…, S1…), never a deck index. */
export const itemId = z.string().min(1).max(8).regex(/^[A-Za-z0-9]+$/);
/** No answer lists more ids than this. */
export const MAX_ANSWER_ITEMS = 8;

/** An option, match item or order step as clients see it: its display id and its text. */
export interface OptionView {
  id: string;
  text: string;
}

/**
 * One question type as `shared/` knows it. `answer` is the zod schema every `player:answer` payload of
 * the type is validated against; `types` exists only for the compiler (it is never set at runtime):
 * - `view`: the fields the type adds to a QuestionView (never the answer),
 * - `correct`: the correct answer sent in the reveal, in the view's ids (by default the answer's shape),
 * - `deck`: the fields the type adds to a deck question (YAML).
 */
export interface SharedQuestionType<A extends z.ZodObject, View extends object, Deck extends object, Correct> {
  answer: A;
  readonly types?: { view: View; correct: Correct; deck: Deck };
}

/** `defineType<View, DeckFields>()(answerSchema)`: the correct answer defaults to `z.infer` of the answer schema. */
export function defineType<View extends object, Deck extends object, Correct = never>() {
  return <A extends z.ZodObject>(answer: A): SharedQuestionType<A, View, Deck, [Correct] extends [never] ? z.infer<A> : Correct> => ({ answer });
}
