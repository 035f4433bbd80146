/** Matching (shared/question-types/match.ts): credit per right pair; the reveal counts right pairs per left item. */
import type { MatchPair } from '../../shared/deck.js';
import type { OptionView } from '../../shared/protocol.js';
import { describe, isRecord, readList, readText, uniqueTexts, warnUnknownKeys, type Raw } from '../deck/fields.js';
import type { Scope } from '../deck/issues.js';
import { derangedOrder } from '../engine/random.js';
import { ids, OK, refuse } from './shape.js';
import type { ServerQuestionType } from './types.js';

export const MATCH_PAIRS = [3, 7] as const;

export const match: ServerQuestionType<'match'> = {
  deckKeys: ['pairs'],
  readDeck(scope, raw) {
    const pairs = readPairs(scope, raw);
    return pairs && { pairs };
  },
  /** Left items keep the deck order; right items are shuffled, never already matched up. */
  prepare(q, rng) {
    const left: OptionView[] = q.pairs.map((p, i) => ({ id: `L${i + 1}`, text: p.left }));
    const order = derangedOrder(q.pairs.length, rng);
    const right: OptionView[] = order.map((src, pos) => ({ id: `R${pos + 1}`, text: q.pairs[src].right }));
    const pairs = q.pairs.map((_, i) => ({ left: `L${i + 1}`, right: `R${order.indexOf(i) + 1}` }));
    return { view: { left, right }, correct: { type: 'match', pairs }, whys: {} };
  },
  checkShape(view, a) {
    const left = ids(view.left);
    const right = ids(view.right);
    const ps = a.pairs;
    // Pairwise (at most MAX_ANSWER_ITEMS pairs): no arrays or sets per answer.
    for (let i = 1; i < ps.length; i++) {
      for (let j = 0; j < i; j++) if (ps[i].left === ps[j].left || ps[i].right === ps[j].right) return refuse('Each item can be matched only once.');
    }
    for (const p of ps) if (!left.has(p.left) || !right.has(p.right)) return refuse(`Unknown item in pair ${p.left}–${p.right}.`);
    return OK;
  },
  grade(correct, a) {
    const want = new Map(correct.pairs.map((p) => [p.left, p.right]));
    return a.pairs.filter((p) => want.get(p.left) === p.right).length / want.size;
  },
  distributionKeys: (_view, correct) => correct.pairs.map((p) => p.left),
  distributionHits: (correct, a) =>
    a.pairs.filter((p) => correct.pairs.some((w) => w.left === p.left && w.right === p.right)).map((p) => p.left),
  words: (view, a) => a.pairs.map((p) => `${textOf(view.left, p.left)} → ${textOf(view.right, p.right)}`),
  choices: () => [],
};

const textOf = (items: OptionView[], id: string): string => items.find((o) => o.id === id)?.text ?? id;

function readPairs(scope: Scope, raw: Raw): MatchPair[] | undefined {
  const list = readList(scope, raw, 'pairs', 'required', 'list the correct pairs as - left: ... right: ...');
  if (!list) return undefined;
  const ps = scope.child(['pairs']);
  const pairs: MatchPair[] = [];
  let ok = true;
  list.forEach((item, i) => {
    const s = ps.child([i]);
    if (!isRecord(item)) {
      s.error([], `pair ${i + 1} must be a mapping with left and right, found ${describe(item)}`);
      ok = false;
      return;
    }
    warnUnknownKeys(s, item, ['left', 'right'], `pair ${i + 1}`);
    const left = readText(s, item, 'left', 'required', `write the left side of pair ${i + 1}`, true);
    const right = readText(s, item, 'right', 'required', `write the right side of pair ${i + 1}`, true);
    if (left === undefined || right === undefined) ok = false;
    else pairs.push({ left, right });
  });
  const [min, max] = MATCH_PAIRS;
  if (list.length < min || list.length > max) {
    scope.error(['pairs'], `a match question needs ${min} to ${max} pairs, found ${list.length}`);
    ok = false;
  }
  ok = uniqueTexts(ps, pairs.map((p) => p.left), 'left side', 'left') && ok;
  ok = uniqueTexts(ps, pairs.map((p) => p.right), 'right side', 'right') && ok;
  return ok ? pairs : undefined;
}
