/**
 * A room's questions as an ordinary read-only array whose elements are built on first read and then
 * kept: `qs[i]`, `qs.length`, `qs.map(…)` all work, and a room that never leaves its lobby builds none.
 */
import type { PreparedQuestion } from '../engine/types.js';

export function lazyQuestions(n: number, make: (i: number) => PreparedQuestion): PreparedQuestion[] {
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
  return new Proxy(target, {
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
}
