/** Single choice (shared/question-types/single.ts): one right option; credit 1 or 0. */
import type { DeckQuestion, DeckQuestionOf } from '../../shared/deck.js';
import { readOptions } from '../deck/options.js';
import { optionChoices, optionKeys, optionLine, shuffleOptions } from './choice.js';
import { ids, OK, refuse } from './shape.js';
import type { ServerQuestionType } from './types.js';

export const single: ServerQuestionType<'single'> = {
  deckKeys: ['options'],
  readDeck(scope, raw, prompt) {
    const options = readOptions(scope, raw, { type: 'single', strict: [4, 4], relaxed: [2, 4], correct: [1, 1] }, prompt);
    return options && { options };
  },
  prepare(q, rng, opts) {
    const { options, whys, right } = shuffleOptions(q.options, rng, opts?.shuffleOptions === false);
    return { view: { options }, correct: { type: 'single', option: right[0] }, whys };
  },
  checkShape: (view, a) => (ids(view.options).has(a.option) ? OK : refuse(`Unknown option "${a.option}".`)),
  grade: (correct, a) => (a.option === correct.option ? 1 : 0),
  distributionKeys: optionKeys,
  distributionHits: (_correct, a) => [a.option],
  words: (view, a) => [optionLine(view, a.option)],
  choices: (view, correct, a) => optionChoices(view, [correct.option], a ? [a.option] : []),
};

/** The deck's fairness figures (server/deck/fairness.ts) are about single questions only. */
export function asSingle(q: DeckQuestion): DeckQuestionOf<'single'> | undefined {
  return q.type === 'single' ? q : undefined;
}
