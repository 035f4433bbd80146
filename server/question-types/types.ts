/**
 * What the server knows of one question type: its deck fields, how a room's copy is prepared, how an
 * answer is checked and graded, and what the reveal counts. One module per type implements it
 * (server/question-types/<type>.ts); index.ts is the table.
 */
import type { DeckQuestionOf } from '../../shared/deck.js';
import type { AnswerPayload, CorrectAnswer, QuestionBody, QuestionType } from '../../shared/protocol.js';
import type { DeckFieldsOf, ViewFieldsOf } from '../../shared/question-types/index.js';
import type { Raw } from '../deck/fields.js';
import type { Scope } from '../deck/issues.js';
import type { Rng } from '../engine/random.js';

export type ShapeCheck = { ok: true } | { ok: false; message: string };

/** A question of this type for one room: the view's fields of the type, the correct answer in its ids, and the whys by id. */
export interface PreparedFields<T extends QuestionType> {
  view: ViewFieldsOf<T>;
  correct: CorrectAnswer<T>;
  whys: Record<string, string>;
}

export interface ServerQuestionType<T extends QuestionType> {
  /** Deck: the YAML fields of this type (a question of another type may not use them). */
  readonly deckKeys: readonly string[];
  /** Deck: reads and checks this type's fields, reporting each problem to `scope`; undefined when unusable. */
  readDeck(scope: Scope, raw: Raw, prompt: string | undefined): DeckFieldsOf<T> | undefined;
  /**
   * Engine: shuffles the question once for a room and names its items by display position. With
   * `shuffleOptions` false, options (single, multi) keep the deck's order; steps and match items always shuffle.
   */
  prepare(q: DeckQuestionOf<T>, rng: Rng, opts?: { shuffleOptions: boolean }): PreparedFields<T>;
  /** Engine: refuses an answer (already of this type) with unknown or repeated ids, or the wrong length. */
  checkShape(view: QuestionBody<T>, a: AnswerPayload<T>): ShapeCheck;
  /** Engine: credit in [0, 1]; assumes checkShape passed. */
  grade(correct: CorrectAnswer<T>, a: AnswerPayload<T>): number;
  /** Reveal: the distribution's keys, in the order the reveal lists them, each starting at 0. */
  distributionKeys(view: QuestionBody<T>, correct: CorrectAnswer<T>): string[];
  /** Reveal: the distribution keys one answer counts for. */
  distributionHits(correct: CorrectAnswer<T>, a: AnswerPayload<T>): string[];
  /** Review (report, phone review, practice): an answer, or the correct answer, in words, one line per part ("B) …", "left → right", "1. step"). */
  words(view: QuestionBody<T>, a: AnswerPayload<T> | CorrectAnswer<T>): string[];
  /** Review: the choices shown with their `why` (their ids are the whys' keys), each marked right and picked; [] for a type without choices. */
  choices(view: QuestionBody<T>, correct: CorrectAnswer<T>, a?: AnswerPayload<T>): Choice[];
}

export interface Choice {
  id: string;
  text: string;
  correct: boolean;
  picked: boolean;
}
