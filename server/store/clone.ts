/**
 * A deep copy of plain data (what the stores hold: objects, arrays, strings, numbers, booleans, null,
 * undefined), the memory store's guard against callers mutating stored state. It gives what
 * `structuredClone` gives for such data — same keys (undefined values kept), new objects and arrays all
 * the way down, shared references copied separately — at a fraction of the cost: `structuredClone`
 * serializes and deserializes through V8's value serializer, ~10 µs for a small answer, and the memory
 * store copies on every read and write (a room, each answer, each player at every close). Anything
 * else (a Map, a Date, a class instance, a typed array) still goes through `structuredClone`. Cycles
 * are not supported (stored state has none).
 */
export function cloneData<T>(v: T): T {
  if (typeof v !== 'object' || v === null) return v;
  if (Array.isArray(v)) {
    const out = new Array(v.length);
    for (let i = 0; i < v.length; i++) out[i] = cloneData(v[i]);
    return out as T;
  }
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) return structuredClone(v);
  const out: Record<string, unknown> = {};
  for (const k in v) {
    const value = cloneData((v as Record<string, unknown>)[k]);
    // A parsed payload may carry an own "__proto__" key: copy it as a key, never as the prototype.
    if (k === '__proto__') Object.defineProperty(out, k, { value, enumerable: true, writable: true, configurable: true });
    else out[k] = value;
  }
  return out as T;
}
