import { describe, expect, it } from 'vitest';
import { distributionOf, scoreQuestion } from '../../server/engine/close.js';
import { grade } from '../../server/engine/grading.js';
import type { AnswerRecord } from '../../server/engine/types.js';
import type { AnswerPayload } from '../../shared/protocol.js';
import { player, prepared, room } from './fixtures.js';

const qs = prepared();
const [single, multi, tf, match, order] = qs;
const closing = room({ phase: 'closing', index: 0, openedAt: 1000, deadline: 21_000, questionCount: 5, version: 4 });
const ans = (playerId: string, answer: AnswerPayload, at: number): AnswerRecord => ({ playerId, answer, at });
const right = single.correct.type === 'single' ? single.correct.option : '';
const wrong = ['A', 'B', 'C', 'D'].find((x) => x !== right) as string;

describe('scoreQuestion', () => {
  const players = [player('fast'), player('slow'), player('wrong', { streak: 3, score: 50 }), player('absent', { streak: 2 }), player('gone', { kicked: true })];
  const answers = [
    ans('fast', { type: 'single', option: right }, 1200),
    ans('slow', { type: 'single', option: right }, 15_000),
    ans('wrong', { type: 'single', option: wrong }, 1100),
    ans('gone', { type: 'single', option: right }, 1100),
  ];
  const out = scoreQuestion(closing, single, players, answers, 30_000);

  it('moves the room to reveal with the next version', () => {
    expect(out.state).toMatchObject({ phase: 'reveal', version: 5, updatedAt: 30_000 });
    expect(out.state.reveal).toEqual({ index: 0, distribution: { A: 0, B: 0, C: 0, D: 0, [right]: 2, [wrong]: 1 }, answered: 3, players: 4 });
  });
  it('scores by server time measured from the open: faster earns more, wrong and missing earn 0 and lose the streak', () => {
    const r = out.results;
    expect(r.get('fast')!.points).toBeGreaterThan(r.get('slow')!.points);
    expect(r.get('slow')!.points).toBeGreaterThan(1000);
    expect(r.get('wrong')).toMatchObject({ points: 0, streak: 0, score: 50, correct: false, answered: true });
    expect(r.get('absent')).toMatchObject({ points: 0, streak: 0, answered: false });
    expect(r.get('fast')).toMatchObject({ correct: true, streak: 1, rank: 1, players: 4 });
    expect(r.get('slow')!.rank).toBe(2);
  });
  it('ignores kicked players', () => {
    expect(out.results.has('gone')).toBe(false);
    expect(out.updates.find((u) => u.id === 'gone')).toBeUndefined();
  });
  it('ties in points share a rank', () => {
    const tie = scoreQuestion(closing, single, [player('a'), player('b'), player('c')], [
      ans('a', { type: 'single', option: right }, 1100),
      ans('b', { type: 'single', option: right }, 1100),
    ], 30_000);
    expect(tie.results.get('a')!.rank).toBe(1);
    expect(tie.results.get('b')!.rank).toBe(1);
    expect(tie.results.get('c')!.rank).toBe(3);
  });
  it('counts correct answers and their time for tie-breaks', () => {
    const fast = out.updates.find((u) => u.id === 'fast')!;
    expect(fast).toMatchObject({ correct: 1, correctTimeMs: 200 });
  });
  it('builds a leaderboard and topic stats', () => {
    expect(out.state.leaderboard!.map((e) => e.id)).toEqual(['fast', 'slow', 'wrong', 'absent']);
    expect(out.state.topicStats.t1).toEqual({ asked: 1, credit: 0.5 });
  });
  it('is deterministic: the same inputs give the same outcome in any process', () => {
    expect(scoreQuestion(closing, single, players, answers, 30_000)).toEqual(out);
  });
});

describe('grading per type', () => {
  it('multi: correct picks minus wrong picks over the correct count, never below 0', () => {
    const c = multi.correct as { type: 'multi'; options: string[] };
    const others = ['A', 'B', 'C', 'D', 'E'].filter((x) => !c.options.includes(x));
    expect(grade(c, { type: 'multi', options: c.options })).toBe(1);
    expect(grade(c, { type: 'multi', options: [c.options[0]] })).toBe(0.5);
    expect(grade(c, { type: 'multi', options: [c.options[0], others[0]] })).toBe(0);
    expect(grade(c, { type: 'multi', options: [...others] })).toBe(0);
    expect(grade(c, { type: 'multi', options: [] })).toBe(0);
  });
  it('truefalse', () => {
    expect(grade(tf.correct, { type: 'truefalse', value: true })).toBe(1);
    expect(grade(tf.correct, { type: 'truefalse', value: false })).toBe(0);
  });
  it('match: share of correct pairs', () => {
    const c = match.correct as { type: 'match'; pairs: { left: string; right: string }[] };
    expect(grade(c, { type: 'match', pairs: c.pairs })).toBe(1);
    expect(grade(c, { type: 'match', pairs: c.pairs.slice(0, 1) })).toBeCloseTo(1 / 3);
    expect(grade(c, { type: 'match', pairs: [] })).toBe(0);
  });
  it('order: share of steps in their correct position', () => {
    const c = order.correct as { type: 'order'; order: string[] };
    expect(grade(c, { type: 'order', order: c.order })).toBe(1);
    const swapped = [c.order[1], c.order[0], c.order[2], c.order[3]];
    expect(grade(c, { type: 'order', order: swapped })).toBe(0.5);
  });
  it('a mismatched type earns 0', () => {
    expect(grade(single.correct, { type: 'truefalse', value: true })).toBe(0);
  });
});

describe('distribution', () => {
  it('counts picks per option, right pairs per left item, right positions per step', () => {
    const c = match.correct as { type: 'match'; pairs: { left: string; right: string }[] };
    expect(distributionOf(match, [ans('a', { type: 'match', pairs: c.pairs }, 0), ans('b', { type: 'match', pairs: [c.pairs[0]] }, 0)])).toEqual({
      L1: 2,
      L2: 1,
      L3: 1,
    });
    expect(distributionOf(tf, [ans('a', { type: 'truefalse', value: false }, 0)])).toEqual({ true: 0, false: 1 });
  });
});
