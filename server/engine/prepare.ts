/**
 * Turns deck questions into the questions of one room: picks which to ask,
 * shuffles options/items/steps once (the same order for every screen in the
 * room) and names them by display position, so ids say nothing about the answer.
 */
import { DEFAULT_QUESTION_SECONDS, type Deck, type DeckQuestion } from '../../shared/deck.js';
import type { CaseView, CorrectAnswer, OptionView } from '../../shared/protocol.js';
import type { PreparedQuestion } from './types.js';

export type Rng = () => number;

export function shuffle<T>(xs: readonly T[], rng: Rng): T[] {
  const out = xs.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** A shuffle of indices 0..n-1 that is never the identity when n > 1 (a "shuffled" list must not already be the answer). */
export function derangedOrder(n: number, rng: Rng): number[] {
  const base = [...Array(n).keys()];
  if (n < 2) return base;
  for (;;) {
    const p = shuffle(base, rng);
    if (p.some((v, i) => v !== i)) return p;
  }
}

const LETTERS = 'ABCDEFGH';

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

  switch (q.type) {
    case 'single':
    case 'multi': {
      const order = shuffle([...q.options.keys()], opts.rng);
      const options: OptionView[] = order.map((src, pos) => ({ id: LETTERS[pos], text: q.options[src].text }));
      const whys: Record<string, string> = {};
      const right: string[] = [];
      order.forEach((src, pos) => {
        whys[LETTERS[pos]] = q.options[src].why ?? '';
        if (q.options[src].correct) right.push(LETTERS[pos]);
      });
      const correct: CorrectAnswer = q.type === 'single' ? { type: 'single', option: right[0] } : { type: 'multi', options: right };
      return { ...base, view: { ...view, options, ...(q.type === 'multi' ? { choose: right.length } : {}) }, correct, whys };
    }
    case 'truefalse':
      return {
        ...base,
        view,
        correct: { type: 'truefalse', value: q.answer },
        // The deck's one `why` explains the statement, so it sits with the correct value only.
        whys: { [String(q.answer)]: q.why ?? '' },
      };
    case 'match': {
      const left: OptionView[] = q.pairs.map((p, i) => ({ id: `L${i + 1}`, text: p.left }));
      const order = derangedOrder(q.pairs.length, opts.rng);
      const right: OptionView[] = order.map((src, pos) => ({ id: `R${pos + 1}`, text: q.pairs[src].right }));
      const pairs = q.pairs.map((_, i) => ({ left: `L${i + 1}`, right: `R${order.indexOf(i) + 1}` }));
      return { ...base, view: { ...view, left, right }, correct: { type: 'match', pairs }, whys: {} };
    }
    case 'order': {
      const order = derangedOrder(q.steps.length, opts.rng);
      const steps: OptionView[] = order.map((src, pos) => ({ id: `S${pos + 1}`, text: q.steps[src] }));
      const correctOrder = q.steps.map((_, i) => `S${order.indexOf(i) + 1}`);
      return { ...base, view: { ...view, steps }, correct: { type: 'order', order: correctOrder }, whys: {} };
    }
  }
}

export function prepareGame(deck: Deck, opts: PrepareOptions): PreparedQuestion[] {
  return pickQuestions(deck, opts.questionCount, opts.rng).map((q) => prepareQuestion(deck, q, opts));
}
