/**
 * Turns deck questions into the questions of one room: picks which to ask,
 * shuffles options/items/steps once (the same order for every screen in the
 * room) and names them by display position, so ids say nothing about the answer.
 */
import { DEFAULT_QUESTION_SECONDS, type Deck, type DeckQuestion } from '../../shared/deck.js';
import type { CaseView } from '../../shared/protocol.js';
import { questionType } from '../question-types/index.js';
import { derangedOrder, shuffle, type Rng } from './random.js';
import type { PreparedQuestion } from './types.js';

export { derangedOrder, shuffle, type Rng };

export interface PrepareOptions {
  questionCount?: number;
  /** Seconds per question, overriding the deck. */
  timeLimit?: number;
  rng: Rng;
}

/** Case-study questions stay together and in deck order; otherwise questions are asked in a shuffled order. */
export function pickQuestions(deck: Deck, count: number | undefined, rng: Rng): DeckQuestion[] {
  const units: DeckQuestion[][] = [];
  for (const q of deck.questions) {
    const prev = units[units.length - 1];
    if (q.case && prev && prev[0].case === q.case) prev.push(q);
    else units.push([q]);
  }
  const want = Math.min(count ?? deck.questions.length, deck.questions.length);
  const picked: DeckQuestion[] = [];
  for (const unit of shuffle(units, rng)) {
    if (picked.length >= want) break;
    if (picked.length + unit.length > want && picked.length > 0 && unit.length > 1) continue;
    picked.push(...unit);
  }
  return picked;
}

export function prepareQuestion(deck: Deck, q: DeckQuestion, opts: PrepareOptions): PreparedQuestion {
  const caseStudy = q.case ? deck.cases?.find((c) => c.id === q.case) : undefined;
  const caseView: CaseView | undefined = caseStudy && { id: caseStudy.id, title: caseStudy.title, scenario: caseStudy.scenario };
  const seconds = opts.timeLimit ?? q.time ?? DEFAULT_QUESTION_SECONDS;
  const base = {
    deckQuestionId: q.id,
    type: q.type,
    topic: q.topic,
    explanation: q.explanation ?? '',
    durationMs: seconds * 1000,
  };
  const view = { type: q.type, topic: q.topic, prompt: q.prompt, ...(caseView ? { case: caseView } : {}) };

  const fields = questionType(q.type).prepare(q, opts.rng);
  return { ...base, view: { ...view, ...fields.view }, correct: fields.correct, whys: fields.whys } as PreparedQuestion;
}

export function prepareGame(deck: Deck, opts: PrepareOptions): PreparedQuestion[] {
  return pickQuestions(deck, opts.questionCount, opts.rng).map((q) => prepareQuestion(deck, q, opts));
}
