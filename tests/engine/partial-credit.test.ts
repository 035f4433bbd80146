import { describe, expect, it } from 'vitest';
import { grade } from '../../server/engine/grading.js';
import { multiCreditLine } from '../../client/src/lib/partial-credit.js';

describe('the phone’s "right minus wrong" line agrees with the grader', () => {
  it.each<[string[], string[], string, number]>([
    [['A', 'C'], ['A', 'B'], '1 right, 1 wrong: 0 of 2', 0],
    [['A', 'C'], ['A'], '1 right, 0 wrong: 1 of 2', 0.5],
    [['A', 'C'], ['A', 'C'], '2 right, 0 wrong: 2 of 2', 1],
    [['A', 'C', 'E'], ['A', 'C', 'B'], '2 right, 1 wrong: 1 of 3', 1 / 3],
    [['A', 'C'], ['B', 'D'], '0 right, 2 wrong: 0 of 2', 0],
  ])('right %j, picked %j → %s', (right, picked, line, credit) => {
    expect(multiCreditLine(right, picked)).toBe(line);
    expect(grade({ type: 'multi', options: right }, { type: 'multi', options: picked })).toBeCloseTo(credit);
  });
});
