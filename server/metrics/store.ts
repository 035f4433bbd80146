/**
 * Times every room-store call and counts the failed ones (`cram_store_operation_duration_seconds`,
 * `cram_store_errors_total`): with the Redis store, each call is one command or Lua script, so these
 * are the Redis command latency and errors. A Proxy, so a method added to RoomStore is measured too.
 */
import { StoreUnavailableError, type RoomStore } from '../store/types.js';
import type { Metrics } from './metrics.js';

export function measuredStore(store: RoomStore, metrics: Metrics): RoomStore {
  const wrappers = new Map<PropertyKey, unknown>();
  return new Proxy(store, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== 'function' || typeof prop !== 'string') return value;
      let w = wrappers.get(prop);
      if (w === undefined) {
        const op = prop;
        const fn = value as (...args: unknown[]) => unknown;
        const fail = (t0: number) => (err: unknown) => {
          metrics.storeOp(op, t0, err instanceof StoreUnavailableError ? 'unavailable' : 'error');
          throw err;
        };
        w = function (this: unknown, ...args: unknown[]) {
          const t0 = performance.now();
          const res = fn.apply(target, args);
          if (!(res instanceof Promise)) return res;
          return res.then((v) => {
            metrics.storeOp(op, t0);
            return v;
          }, fail(t0));
        };
        wrappers.set(prop, w);
      }
      return w;
    },
  });
}
