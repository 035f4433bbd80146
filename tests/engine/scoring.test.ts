import { describe, expect, it } from 'vitest';
import { points, speedFactor, studyBonusMax, STUDY_BONUS_BUDGET } from '../../server/engine/scoring.js';
import type { ScoringStyle } from '../../shared/protocol.js';

const D = 20_000;
const base = { durationMs: D, streak: 0, questionCount: 10 };

describe('speedFactor', () => {
  it.each([
    [0, 1],
    [500, 1],
    [D, 0],
    [D + 1, 0],
    [500 + (D - 500) / 2, 0.5],
  ])('at %i ms is %f', (t, f) => expect(speedFactor(t, D)).toBeCloseTo(f, 6));
  it('falls monotonically after the first half second', () => {
    let prev = 1;
    for (let t = 500; t <= D; t += 250) {
      const f = speedFactor(t, D);
      expect(f).toBeLessThanOrEqual(prev);
      prev = f;
    }
  });
});

describe('study scoring', () => {
  it('a correct answer earns 1000 plus a speed bonus, largest in the first half second', () => {
    const max = studyBonusMax(10);
    expect(points({ ...base, style: 'study', credit: 1, elapsedMs: 100 }).points).toBe(1000 + max.speed);
    expect(points({ ...base, style: 'study', credit: 1, elapsedMs: 500 }).points).toBe(1000 + max.speed);
    expect(points({ ...base, style: 'study', credit: 1, elapsedMs: D }).points).toBe(1000);
    const mid = points({ ...base, style: 'study', credit: 1, elapsedMs: 10_000 }).points;
    expect(mid).toBeGreaterThan(1000);
    expect(mid).toBeLessThan(1000 + max.speed);
  });
  it('a wrong or missing answer earns 0 and ends the streak', () => {
    expect(points({ ...base, style: 'study', credit: 0, elapsedMs: 100, streak: 4 })).toEqual({ points: 0, streak: 0, correct: false });
    expect(points({ ...base, style: 'study', credit: 1, elapsedMs: undefined, streak: 4 })).toEqual({ points: 0, streak: 0, correct: false });
  });
  it('streak bonus grows with consecutive correct answers up to a cap', () => {
    const at = (streak: number) => points({ ...base, style: 'study', credit: 1, elapsedMs: D, streak }).points - 1000;
    expect(at(0)).toBe(0);
    expect(at(1)).toBeGreaterThan(0);
    expect(at(2)).toBeGreaterThan(at(1));
    expect(at(3)).toBe(studyBonusMax(10).streak);
    expect(at(9)).toBe(at(3));
    expect(points({ ...base, style: 'study', credit: 1, elapsedMs: 100, streak: 2 }).streak).toBe(3);
  });
  it.each([1, 2, 3, 5, 8, 10, 15, 20, 40, 160, 500])('bonuses of a whole %i-question game add up to less than one correct answer', (n) => {
    let streak = 0;
    let bonus = 0;
    for (let i = 0; i < n; i++) {
      const out = points({ style: 'study', credit: 1, elapsedMs: 0, durationMs: D, streak, questionCount: n });
      bonus += out.points - 1000;
      streak = out.streak;
    }
    expect(bonus).toBeLessThan(1000);
    expect(bonus).toBeLessThanOrEqual(STUDY_BONUS_BUDGET);
  });
  it('more correct answers always beat fewer, however fast', () => {
    const n = 10;
    const game = (pattern: boolean[], elapsedMs: number) => {
      let total = 0;
      let streak = 0;
      for (const right of pattern) {
        const o = points({ style: 'study', credit: right ? 1 : 0, elapsedMs, durationMs: D, streak, questionCount: n });
        total += o.points;
        streak = o.streak;
      }
      return total;
    };
    for (let k = 0; k < n; k++) {
      // Best case for k correct: all in a row (max streak), instant. Worst case for k+1: slowest, no streak.
      const fast = game(Array.from({ length: n }, (_, i) => i < k), 0);
      const picks = [0, 2, 4, 6, 8, 1, 3, 5, 7, 9].slice(0, k + 1);
      const spread = Array.from({ length: n }, (_, i) => picks.includes(i));
      const slow = game(spread, D - 1);
      expect(slow).toBeGreaterThan(fast);
    }
  });
  it('partial credit scales the base and speed bonus, and does not continue a streak', () => {
    const out = points({ ...base, style: 'study', credit: 0.5, elapsedMs: 0, streak: 3 });
    expect(out.streak).toBe(0);
    expect(out.correct).toBe(false);
    expect(out.points).toBe(500 + Math.floor(studyBonusMax(10).speed * 0.5));
  });
});

describe('exam and classic scoring', () => {
  it('exam is all-or-nothing with no speed or streak bonus', () => {
    expect(points({ ...base, style: 'exam', credit: 1, elapsedMs: 0, streak: 5 }).points).toBe(1000);
    expect(points({ ...base, style: 'exam', credit: 1, elapsedMs: D - 1, streak: 0 }).points).toBe(1000);
    expect(points({ ...base, style: 'exam', credit: 0.99, elapsedMs: 0 }).points).toBe(0);
  });
  it('classic gives 1000 down to 500 by time, plus 100 per streak step capped at 500', () => {
    expect(points({ ...base, style: 'classic', credit: 1, elapsedMs: 0 }).points).toBe(1000);
    expect(points({ ...base, style: 'classic', credit: 1, elapsedMs: D }).points).toBe(500);
    expect(points({ ...base, style: 'classic', credit: 1, elapsedMs: 0, streak: 1 }).points).toBe(1100);
    expect(points({ ...base, style: 'classic', credit: 1, elapsedMs: 0, streak: 10 }).points).toBe(1500);
    expect(points({ ...base, style: 'classic', credit: 0.5, elapsedMs: 0, streak: 3 }).points).toBe(500);
  });
  it.each<ScoringStyle>(['study', 'exam', 'classic'])('%s never gives points for no answer or credit 0', (style) => {
    expect(points({ ...base, style, credit: 0, elapsedMs: 0 }).points).toBe(0);
    expect(points({ ...base, style, credit: 1 }).points).toBe(0);
  });
});
