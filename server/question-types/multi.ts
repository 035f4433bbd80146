/** Multiple choice (shared/question-types/multi.ts): two or three right options; partial credit. */
import { checkChooseMarker, readOptions } from '../deck/options.js';
import { optionChoices, optionKeys, optionLine, shuffleOptions } from './choice.js';
import { hasRepeats, ids, OK, refuse } from './shape.js';
import type { ServerQuestionType } from './types.js';

export const multi: ServerQuestionType<'multi'> = {
  deckKeys: ['options'],
  readDeck(scope, raw, prompt) {
    const rules = { type: 'multi', strict: [5, 6], relaxed: [3, 6], correct: [2, 3], checkPrompt: checkChooseMarker } as const;
    const options = readOptions(scope, raw, rules, prompt);
    return options && { options };
  },
  prepare(q, rng, opts) {
    const { options, whys, right } = shuffleOptions(q.options, rng, opts?.shuffleOptions === false);
    return { view: { options, choose: right.length }, correct: { type: 'multi', options: right }, whys };
  },
  checkShape(view, a) {
    const known = ids(view.options);
    if (hasRepeats(a.options)) return refuse('An option is picked twice.');
    const bad = a.options.find((o) => !known.has(o));
    return bad ? refuse(`Unknown option "${bad}".`) : OK;
  },
  /** Right picks minus wrong picks, over the number of right options; never below 0. */
  grade(correct, a) {
    const right = new Set(correct.options);
    const good = a.options.filter((o) => right.has(o)).length;
    return Math.max(0, good - (a.options.length - good)) / right.size;
  },
  distributionKeys: optionKeys,
  distributionHits: (_correct, a) => a.options,
  words: (view, a) => [...a.options].sort().map((id) => optionLine(view, id)),
  choices: (view, correct, a) => optionChoices(view, correct.options, a?.options ?? []),
};
