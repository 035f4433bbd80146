/** Ordering (shared/question-types/order.ts): credit per step in its place; the reveal counts right places per step. */
import type { OptionView } from '../../shared/protocol.js';
import { readList, readListText, uniqueTexts, type Raw } from '../deck/fields.js';
import type { Scope } from '../deck/issues.js';
import { derangedOrder } from '../engine/random.js';
import { hasRepeats, ids, OK, refuse } from './shape.js';
import type { ServerQuestionType } from './types.js';

export const ORDER_STEPS = [3, 5] as const;

export const order: ServerQuestionType<'order'> = {
  deckKeys: ['steps'],
  readDeck(scope, raw) {
    const steps = readSteps(scope, raw);
    return steps && { steps };
  },
  /** Steps shuffled, never already in order; the correct order in display ids. */
  prepare(q, rng) {
    const shuffled = derangedOrder(q.steps.length, rng);
    const steps: OptionView[] = shuffled.map((src, pos) => ({ id: `S${pos + 1}`, text: q.steps[src] }));
    const correctOrder = q.steps.map((_, i) => `S${shuffled.indexOf(i) + 1}`);
    return { view: { steps }, correct: { type: 'order', order: correctOrder }, whys: {} };
  },
  checkShape(view, a) {
    const known = ids(view.steps);
    if (a.order.length !== known.size) return refuse(`Put all ${known.size} steps in order.`);
    if (hasRepeats(a.order)) return refuse('A step appears twice.');
    const bad = a.order.find((s) => !known.has(s));
    return bad ? refuse(`Unknown step "${bad}".`) : OK;
  },
  grade: (correct, a) => correct.order.filter((s, i) => a.order[i] === s).length / correct.order.length,
  distributionKeys: (_view, correct) => correct.order,
  distributionHits: (correct, a) => correct.order.filter((s, i) => a.order[i] === s),
  words: (view, a) => a.order.map((id, i) => `${i + 1}. ${view.steps.find((s) => s.id === id)?.text ?? id}`),
  choices: () => [],
};

function readSteps(scope: Scope, raw: Raw): string[] | undefined {
  const list = readList(scope, raw, 'steps', 'required', 'list the steps in the correct order');
  if (!list) return undefined;
  const ss = scope.child(['steps']);
  const steps: string[] = [];
  let ok = true;
  list.forEach((item, i) => {
    const step = readListText(ss, item, i, 'step');
    if (step === undefined) ok = false;
    else steps.push(step);
  });
  const [min, max] = ORDER_STEPS;
  if (list.length < min || list.length > max) {
    scope.error(['steps'], `an order question needs ${min} to ${max} steps, found ${list.length}`);
    ok = false;
  }
  return uniqueTexts(ss, steps, 'step') && ok ? steps : undefined;
}
