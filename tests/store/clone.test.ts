import { describe, expect, it } from 'vitest';
import { cloneData } from '../../server/store/clone.js';

describe('cloneData (the memory store copy)', () => {
  const sample = () => ({
    pin: '123456',
    version: 3,
    pause: undefined,
    reveal: { index: 0, distribution: { a: 2, b: 0 }, answered: 2, players: 3 },
    leaderboard: [{ id: 'p1', name: 'Ann', score: 950, rank: 1, previousRank: undefined }],
    nested: [[1, 2], [{ deep: true }]],
    nothing: null,
    flags: [true, false],
  });

  it('gives what structuredClone gives for plain data, undefined values included', () => {
    const v = sample();
    const c = cloneData(v);
    expect(c).toStrictEqual(structuredClone(v));
    expect(Object.keys(c)).toEqual(Object.keys(v));
    expect('pause' in c).toBe(true);
    expect('previousRank' in c.leaderboard[0]).toBe(true);
  });

  it('copies every object and array all the way down: changing the copy leaves the original', () => {
    const v = sample();
    const c = cloneData(v);
    c.reveal.distribution.a = 99;
    c.leaderboard[0].score = 0;
    c.leaderboard.push({ id: 'p2', name: 'Bo', score: 1, rank: 2, previousRank: undefined });
    (c.nested[1][0] as { deep: boolean }).deep = false;
    c.flags[0] = false;
    expect(v).toStrictEqual(sample());
    expect(c.reveal).not.toBe(v.reveal);
    expect(c.nested[0]).not.toBe(v.nested[0]);
  });

  it('copies a shared reference twice, and returns primitives as they are', () => {
    const shared = { n: 1 };
    const c = cloneData({ a: shared, b: shared });
    expect(c.a).not.toBe(shared);
    expect(c.a).not.toBe(c.b);
    for (const p of [0, 'x', true, null, undefined, 1.5]) expect(cloneData(p)).toBe(p);
  });

  it('copies a frozen value into a changeable one, as structuredClone does', () => {
    const c = cloneData(Object.freeze({ ids: Object.freeze(['a', 'b']) }));
    expect(Object.isFrozen(c)).toBe(false);
    expect(Object.isFrozen(c.ids)).toBe(false);
  });

  it('keeps an own "__proto__" key of a parsed payload as a key, never as the prototype', () => {
    const parsed = JSON.parse('{"type":"single","__proto__":{"polluted":true}}') as Record<string, unknown>;
    const c = cloneData(parsed);
    expect(Object.getPrototypeOf(c)).toBe(Object.prototype);
    expect((c as { polluted?: boolean }).polluted).toBeUndefined();
    expect(Object.keys(c)).toEqual(['type', '__proto__']);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });

  it('hands anything but plain objects and arrays to structuredClone (a Map, a Date)', () => {
    const when = new Date(5);
    const c = cloneData({ m: new Map([['k', { v: 1 }]]), when });
    expect(c.m).toBeInstanceOf(Map);
    expect(c.m.get('k')).toEqual({ v: 1 });
    expect(c.when).toBeInstanceOf(Date);
    expect(c.when).not.toBe(when);
    expect(c.when.getTime()).toBe(5);
  });
});
