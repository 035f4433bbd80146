/** The helpers every question type's checkShape uses per answer: id sets built once per view, repeats found without a Set. */
import { describe, expect, it } from 'vitest';
import { hasRepeats, ids } from '../../server/question-types/shape.js';
import { questionType } from '../../server/question-types/index.js';

describe('shape helpers', () => {
  it('ids: one set per item list, the same set on every answer, none for a missing list', () => {
    const options = [{ id: 'A', text: 'a' }, { id: 'B', text: 'b' }];
    const first = ids(options);
    expect([...first]).toEqual(['A', 'B']);
    expect(ids(options)).toBe(first);
    expect(ids([{ id: 'A', text: 'a' }])).not.toBe(first);
    expect(ids(undefined).size).toBe(0);
  });

  it('hasRepeats finds a repeat anywhere in the list', () => {
    expect(hasRepeats([])).toBe(false);
    expect(hasRepeats(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'])).toBe(false);
    expect(hasRepeats(['A', 'B', 'A'])).toBe(true);
    expect(hasRepeats(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'G'])).toBe(true);
  });

  it('match: a repeated left or right item, or an unknown one, is refused as before', () => {
    const view = { left: [{ id: 'L1', text: '1' }, { id: 'L2', text: '2' }], right: [{ id: 'R1', text: 'x' }, { id: 'R2', text: 'y' }] };
    const check = (pairs: { left: string; right: string }[]) => questionType('match').checkShape(view as never, { type: 'match', pairs } as never);
    expect(check([{ left: 'L1', right: 'R2' }, { left: 'L2', right: 'R1' }])).toEqual({ ok: true });
    expect(check([{ left: 'L1', right: 'R1' }, { left: 'L1', right: 'R2' }])).toEqual({ ok: false, message: 'Each item can be matched only once.' });
    expect(check([{ left: 'L1', right: 'R1' }, { left: 'L2', right: 'R1' }])).toEqual({ ok: false, message: 'Each item can be matched only once.' });
    expect(check([{ left: 'L1', right: 'R1' }, { left: 'L3', right: 'R2' }])).toEqual({ ok: false, message: 'Unknown item in pair L3–R2.' });
  });
});
