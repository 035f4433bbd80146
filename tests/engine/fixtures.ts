import type { Deck } from '../../shared/deck.js';
import { prepareGame } from '../../server/engine/prepare.js';
import { newRoom } from '../../server/engine/reducer.js';
import type { PlayerRecord, PreparedQuestion, RoomState } from '../../server/engine/types.js';

/** Deterministic RNG (mulberry32) so shuffles are repeatable in tests. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const opt = (text: string, correct = false) => ({ text, correct, why: `why ${text}` });

export const deck: Deck = {
  id: 'd',
  title: 'Deck',
  topics: [
    { id: 't1', title: 'Topic one' },
    { id: 't2', title: 'Topic two' },
  ],
  cases: [{ id: 'c1', title: 'Case', scenario: 'A scenario.' }],
  questions: [
    { id: 's1', topic: 't1', type: 'single', prompt: 'Single?', explanation: 'e', time: 20, options: [opt('right', true), opt('w1'), opt('w2'), opt('w3')] },
    { id: 'm1', topic: 't1', type: 'multi', prompt: 'Multi? (Choose TWO.)', explanation: 'e', options: [opt('r1', true), opt('r2', true), opt('w1'), opt('w2'), opt('w3')] },
    { id: 'tf1', topic: 't2', type: 'truefalse', prompt: 'True?', explanation: 'e', answer: true, why: 'because' },
    { id: 'mt1', topic: 't2', type: 'match', prompt: 'Match', explanation: 'e', pairs: [{ left: 'a', right: '1' }, { left: 'b', right: '2' }, { left: 'c', right: '3' }] },
    { id: 'o1', topic: 't2', type: 'order', prompt: 'Order', explanation: 'e', steps: ['first', 'second', 'third', 'fourth'] },
  ],
};

export function room(over: Partial<RoomState> = {}): RoomState {
  return {
    ...newRoom({
      pin: '123456',
      hostToken: 'host-secret-token-0000',
      deckId: 'd',
      deckTitle: 'Deck',
      scoring: 'study',
      questionCount: 3,
      topicTitles: { t1: 'Topic one', t2: 'Topic two' },
      now: 0,
    }),
    ...over,
  };
}

export function player(id: string, over: Partial<PlayerRecord> = {}): PlayerRecord {
  return { id, name: id, key: id.toLowerCase(), token: `tok-${id}`, joinedAt: 0, score: 0, streak: 0, correct: 0, correctTimeMs: 0, kicked: false, ...over };
}

/** The deck's questions, prepared in deck order (count = all, seeded shuffle of options). */
export function prepared(seed = 1): PreparedQuestion[] {
  const qs = prepareGame({ ...deck, questions: deck.questions }, { rng: seeded(seed) });
  // pickQuestions shuffles the order: put them back in deck order for readable tests.
  return deck.questions.map((dq) => qs.find((q) => q.deckQuestionId === dq.id) as PreparedQuestion);
}
