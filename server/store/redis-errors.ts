/**
 * Which Redis failures mean "Redis is unreachable right now" (retry later) and
 * which are bugs. The first become StoreUnavailableError, so the gateway can
 * answer STORE_UNAVAILABLE instead of guessing from error messages.
 */
import {
  AbortError,
  ClientClosedError,
  ClientOfflineError,
  ConnectionTimeoutError,
  DisconnectsClientError,
  ErrorReply,
  ReconnectStrategyError,
  SocketClosedUnexpectedlyError,
  SocketTimeoutError,
  TimeoutError,
} from 'redis';
import { StoreUnavailableError, type RoomStore } from './types.js';
import { Deadlines, type Pending } from '../util/deadlines.js';

/** Error replies Redis gives while it cannot serve (loading a dump, a busy script, failover): transient. */
const TRANSIENT_REPLY = /^(LOADING|BUSY|MASTERDOWN|TRYAGAIN|CLUSTERDOWN|READONLY|NOREPLICAS)\b/;

const CONNECTION_ERRORS = [
  AbortError,
  ClientClosedError,
  ClientOfflineError,
  ConnectionTimeoutError,
  DisconnectsClientError,
  ReconnectStrategyError,
  SocketClosedUnexpectedlyError,
  SocketTimeoutError,
  TimeoutError,
];

export function isUnavailable(err: unknown): boolean {
  if (err instanceof StoreUnavailableError) return true;
  if (err instanceof ErrorReply) return TRANSIENT_REPLY.test(err.message);
  if (!(err instanceof Error)) return false;
  if (CONNECTION_ERRORS.some((C) => err instanceof C)) return true;
  // Socket errors that reject an in-flight command: ECONNRESET, ECONNREFUSED, EPIPE, ETIMEDOUT, EHOSTUNREACH ...
  const code = (err as NodeJS.ErrnoException).code;
  return typeof code === 'string' && /^E[A-Z_]+$/.test(code);
}

export function toStoreError(err: unknown): unknown {
  if (err instanceof StoreUnavailableError || !isUnavailable(err)) return err;
  const why = err instanceof Error ? err.message || err.name : String(err);
  return new StoreUnavailableError(`Redis is unavailable: ${why}`, { cause: err });
}

/** The clock of the store's deadlines: monotonic, as the timers' own (a wall clock set back would delay them). */
const clock = () => performance.now();

/**
 * `p` through one promise, or a StoreUnavailableError once `ms` have passed; `mapError` is applied to the
 * call's own failure, and a reply or failure after the deadline is ignored. node-redis's own command timeout
 * only covers a command still waiting to be written: once written to a connection whose peer has stalled (TCP
 * up, no replies: a paused or overloaded Redis), it would wait forever. A write cut off this way may still
 * land later; every store write is first-write-wins or a compare-and-set, so a retry is safe. The call joins
 * `deadlines`, whose calls all have deadlines `ms` long, so they expire in the order made: one timer for all
 * of them (util/deadlines.ts), not one armed and cleared per call.
 */
function bounded<T>(p: Promise<T>, ms: number, what: string, mapError: (err: unknown) => unknown, deadlines: Deadlines): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const call = new Call(deadlines.now() + ms, ms, what, reject);
    deadlines.add(call);
    p.then(
      (v) => {
        if (call.done) return;
        call.done = true;
        deadlines.settled();
        resolve(v);
      },
      (err: unknown) => {
        if (call.done) return;
        call.done = true;
        deadlines.settled();
        reject(mapError(err));
      },
    );
  });
}

/**
 * A store call in flight, in its queue of deadlines: an object of one shape, not a closure per call (which
 * tsx, running the bench's servers, would also name with an Object.defineProperty per call).
 */
class Call implements Pending {
  done = false;

  constructor(
    readonly deadline: number,
    private ms: number,
    private what: string,
    private reject: (err: unknown) => void,
  ) {}

  expire(): void {
    this.reject(new StoreUnavailableError(`Redis did not answer ${this.what} within ${this.ms} ms`));
  }
}

const asIs = (err: unknown) => err;

/** withDeadline's calls, one queue per deadline length (a few: PING's, the room count's). */
const byLength = new Map<number, Deadlines>();

/** `p`, or a StoreUnavailableError once `ms` have passed (no deadline: `p` itself). See `bounded`. */
export function withDeadline<T>(p: Promise<T>, ms: number | undefined, what: string): Promise<T> {
  if (!ms || ms <= 0) return p;
  let deadlines = byLength.get(ms);
  if (deadlines === undefined) byLength.set(ms, (deadlines = new Deadlines(clock)));
  return bounded(p, ms, what, asIs, deadlines);
}

/**
 * Wraps every method but ping() and close(): a connection failure, or no answer within `deadlineMs`,
 * rejects with StoreUnavailableError. One promise per call (no async wrapper: its own promise and an await
 * around the deadline's), and one timer for the store's calls in flight (`bounded`).
 */
export function guardStore<S extends object = RoomStore>(store: S, deadlineMs?: number): S {
  const guarded = { ...store };
  const deadlines = new Deadlines(clock);
  for (const name of Object.keys(store) as (keyof S & string)[]) {
    if (name === 'ping' || name === 'close') continue;
    const fn = store[name] as (...args: unknown[]) => Promise<unknown>;
    (guarded as Record<string, unknown>)[name] = (...args: unknown[]): Promise<unknown> => {
      let p: Promise<unknown>;
      try {
        p = fn(...args);
      } catch (err) {
        return Promise.reject(toStoreError(err));
      }
      if (!deadlineMs || deadlineMs <= 0) return p.catch((err: unknown) => Promise.reject(toStoreError(err)));
      return bounded(p, deadlineMs, name, toStoreError, deadlines);
    };
  }
  return guarded;
}
