import { describe, expect, it } from 'vitest';
import { derangedOrder, pickQuestions, prepareGame } from '../../server/engine/prepare.js';
import { questionView } from '../../server/engine/views.js';
import type { Deck } from '../../shared/deck.js';
import { deck, room, seeded } from './fixtures.js';

describe('prepareGame', () => {
  it('assigns ids by display position and keeps the correct answer server-side', () => {
    for (let seed = 1; seed < 50; seed++) {
      for (const q of prepareGame(deck, { rng: seeded(seed) })) {
        const view = questionView(room({ index: 0, phase: 'question' }), q, 0);
        const text = JSON.stringify(view);
        expect(text).not.toMatch(/correct|"why"|explanation/);
        if (q.view.options) expect(q.view.options.map((o) => o.id)).toEqual('ABCDE'.slice(0, q.view.options.length).split(''));
      }
    }
  });
  it('spreads the correct option over every position (no correct-first order)', () => {
    const seen = new Set<string>();
    for (let seed = 1; seed < 200; seed++) {
      const q = prepareGame({ ...deck, questions: [deck.questions[0]] }, { rng: seeded(seed) })[0];
      if (q.correct.type === 'single') seen.add(q.correct.option);
    }
    expect([...seen].sort()).toEqual(['A', 'B', 'C', 'D']);
  });
  it('never shows match or order items already in the correct arrangement', () => {
    for (let seed = 1; seed < 200; seed++) {
      const [mt, o] = prepareGame({ ...deck, questions: deck.questions.slice(3) }, { rng: seeded(seed) }).sort((a) => (a.type === 'match' ? -1 : 1));
      const pairs = mt.correct.type === 'match' ? mt.correct.pairs : [];
      expect(pairs.every((p) => p.left.slice(1) === p.right.slice(1))).toBe(false);
      expect(o.correct.type === 'order' && o.correct.order.join() === 'S1,S2,S3,S4').toBe(false);
    }
  });
  it('uses the host time limit over the deck time', () => {
    expect(prepareGame(deck, { rng: seeded(1), timeLimit: 7 }).every((q) => q.durationMs === 7000)).toBe(true);
    expect(prepareGame(deck, { rng: seeded(1) }).find((q) => q.deckQuestionId === 's1')!.durationMs).toBe(20_000);
  });
  it('derangedOrder is a permutation that is not the identity', () => {
    for (let n = 2; n < 7; n++) {
      const p = derangedOrder(n, seeded(n));
      expect([...p].sort()).toEqual([...Array(n).keys()]);
      expect(p.some((v, i) => v !== i)).toBe(true);
    }
  });
});

describe('pickQuestions', () => {
  const cased: Deck = {
    ...deck,
    questions: [
      ...deck.questions,
      { ...(deck.questions[0] as Deck['questions'][number]), id: 'c-a', case: 'c1' },
      { ...(deck.questions[0] as Deck['questions'][number]), id: 'c-b', case: 'c1' },
      { ...(deck.questions[0] as Deck['questions'][number]), id: 'c-c', case: 'c1' },
    ],
  };
  it('asks at most the requested count and every question at most once', () => {
    for (let seed = 1; seed < 30; seed++) {
      const qs = pickQuestions(cased, 4, seeded(seed));
      expect(qs.length).toBeLessThanOrEqual(4);
      expect(new Set(qs.map((q) => q.id)).size).toBe(qs.length);
    }
    expect(pickQuestions(cased, undefined, seeded(1))).toHaveLength(cased.questions.length);
  });
  it('keeps the questions of a case study together and in order', () => {
    for (let seed = 1; seed < 30; seed++) {
      const ids = pickQuestions(cased, undefined, seeded(seed)).map((q) => q.id);
      const at = ids.indexOf('c-a');
      expect(ids.slice(at, at + 3)).toEqual(['c-a', 'c-b', 'c-c']);
    }
  });
});
