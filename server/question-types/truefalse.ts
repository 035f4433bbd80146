/** True or false (shared/question-types/truefalse.ts): the reveal counts picks under "true" and "false". */
import { describe, readText } from '../deck/fields.js';
import { OK } from './shape.js';
import type { ServerQuestionType } from './types.js';

export const truefalse: ServerQuestionType<'truefalse'> = {
  deckKeys: ['answer', 'why'],
  readDeck(scope, raw) {
    const answer = raw.answer;
    if (typeof answer !== 'boolean') {
      scope.error(['answer'], answer === undefined || answer === null
        ? 'missing "answer": write answer: true or answer: false'
        : `"answer" must be true or false (unquoted), found ${describe(answer)}`);
    }
    const why = readText(scope, raw, 'why', 'soft', `say why the statement is ${answer === false ? 'false' : 'true'}`);
    if (typeof answer !== 'boolean') return undefined;
    return { answer, ...(why !== undefined && { why }) };
  },
  prepare: (q) => ({
    view: {},
    correct: { type: 'truefalse', value: q.answer },
    // The deck's one `why` explains the statement, so it sits with the correct value only.
    whys: { [String(q.answer)]: q.why ?? '' },
  }),
  checkShape: () => OK,
  grade: (correct, a) => (a.value === correct.value ? 1 : 0),
  distributionKeys: () => ['true', 'false'],
  distributionHits: (_correct, a) => [String(a.value)],
  words: (_view, a) => [a.value ? 'True' : 'False'],
  choices: (_view, correct, a) =>
    [true, false].map((v) => ({ id: String(v), text: v ? 'True' : 'False', correct: correct.value === v, picked: a?.value === v })),
};
