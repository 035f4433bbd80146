/**
 * Times every room-store call and counts the failed ones (`cram_store_operation_duration_seconds`,
 * `cram_store_errors_total`): with the Redis store, each call is one command or Lua script, so these
 * are the Redis command latency and errors. Every method the store has when it is wrapped is measured
 * (a method added to RoomStore is measured too). The wrappers are built once, on a plain object: no
 * Proxy trap and no wrapper lookup on every call (the answer path calls recordAnswer 2,000 times in a
 * 200 ms burst).
 */
import { StoreUnavailableError, type RoomStore } from '../store/types.js';
import type { Metrics } from './metrics.js';

/** Every method name of `o`: its own properties and its prototypes' (a class-based store), not Object's. */
function methodNames(o: object): string[] {
  const names = new Set<string>();
  for (let p: object | null = o; p && p !== Object.prototype; p = Object.getPrototypeOf(p) as object | null) {
    for (const k of Object.getOwnPropertyNames(p)) if (k !== 'constructor' && typeof (o as Record<string, unknown>)[k] === 'function') names.add(k);
  }
  return [...names];
}

export function measuredStore(store: RoomStore, metrics: Metrics): RoomStore {
  const measured: Record<string, unknown> = { ...store };
  for (const op of methodNames(store)) {
    const fn = (store as unknown as Record<string, (...args: unknown[]) => unknown>)[op];
    measured[op] = function (...args: unknown[]) {
      const t0 = performance.now();
      const res = fn.apply(store, args);
      if (!(res instanceof Promise)) return res;
      return res.then(
        (v: unknown) => {
          metrics.storeOp(op, t0);
          return v;
        },
        (err: unknown) => {
          metrics.storeOp(op, t0, err instanceof StoreUnavailableError ? 'unavailable' : 'error');
          throw err;
        },
      );
    };
  }
  return measured as unknown as RoomStore;
}
