import { describe, expect, it } from 'vitest';
import { lazyQuestions } from '../../server/gateway/lazy-questions.js';
import type { PreparedQuestion } from '../../server/engine/types.js';

describe('lazyQuestions', () => {
  it('builds each question once, on first read, and behaves as a read-only array', () => {
    const built: number[] = [];
    const { qs, at } = lazyQuestions(3, (i) => (built.push(i), { deckQuestionId: `q${i}` }) as unknown as PreparedQuestion);
    expect(qs).toHaveLength(3);
    expect(built).toEqual([]);
    expect(qs[1].deckQuestionId).toBe('q1');
    expect(qs[1]).toBe(qs[1]);
    expect(built).toEqual([1]);
    expect(qs[3]).toBeUndefined();
    expect(qs.map((q) => q.deckQuestionId)).toEqual(['q0', 'q1', 'q2']);
    expect(built).toEqual([1, 0, 2]);
    expect(JSON.parse(JSON.stringify(qs))).toEqual([{ deckQuestionId: 'q0' }, { deckQuestionId: 'q1' }, { deckQuestionId: 'q2' }]);
    expect(() => {
      'use strict';
      (qs as unknown as unknown[])[0] = null;
    }).toThrow();
    // at(i): the same built questions without the Proxy; nothing outside the range.
    expect(at(2)).toBe(qs[2]);
    expect([at(3), at(-1), at(0.5)]).toEqual([undefined, undefined, undefined]);
    expect(built).toEqual([1, 0, 2]);
  });
});
