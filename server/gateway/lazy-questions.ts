/**
 * A room's questions as an ordinary read-only array whose elements are built on first read and then
 * kept: `qs[i]`, `qs.length`, `qs.map(…)` all work, and a room that never leaves its lobby builds none.
 * `at(i)` reads the same questions without the Proxy (whose trap turns the index into a string and back):
 * the answer path's fast lane reads one per answer.
 */
import type { PreparedQuestion } from '../engine/types.js';

export interface LazyQuestions {
  qs: PreparedQuestion[];
  /** `qs[i]`, straight from the store of built questions; undefined out of range. */
  at(i: number): PreparedQuestion | undefined;
}

export function lazyQuestions(n: number, make: (i: number) => PreparedQuestion): LazyQuestions {
  // The target only answers array methods (an empty array: `new Array(n)` would hold n empty slots, 8 bytes
  // each, in every room); `length` comes from the trap; built questions live in a Map (a lobby holds none).
  const made = new Map<number, PreparedQuestion>();
  const target: PreparedQuestion[] = [];
  const index = (key: string | symbol): number => {
    if (typeof key !== 'string' || key.length === 0 || key.length > 6) return -1;
    const i = Number(key);
    return Number.isInteger(i) && i >= 0 && i < n && String(i) === key ? i : -1;
  };
  const read = (i: number): PreparedQuestion => {
    let q = made.get(i);
    if (!q) made.set(i, (q = make(i)));
    return q;
  };
  const qs = new Proxy(target, {
    get(t, key, receiver) {
      if (key === 'length') return n;
      const i = index(key);
      return i < 0 ? (Reflect.get(t, key, receiver) as unknown) : read(i);
    },
    has(t, key) {
      return index(key) >= 0 || Reflect.has(t, key);
    },
    getOwnPropertyDescriptor(t, key) {
      const i = index(key);
      if (i < 0) return Reflect.getOwnPropertyDescriptor(t, key);
      return { value: read(i), writable: false, enumerable: true, configurable: true };
    },
    set() {
      return false;
    },
  });
  return { qs, at: (i) => (Number.isInteger(i) && i >= 0 && i < n ? read(i) : undefined) };
}
