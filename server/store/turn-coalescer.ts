/**
 * The calls of one event-loop turn to one script coalesced into one call per group: RECORD_ANSWER's answers
 * (redis-answer-batch.ts, session 24) and JOIN_ROOMS's joins (redis-join-batch.ts, session 31). Each item is
 * still checked on its own by the script, in arrival order, with its own result. What the store files keep
 * is their own: the script call, what an item's values are and how a call's arguments are built from them,
 * and how each item's result is read from the reply (TurnScript).
 *
 * When: the first item of a turn is sent at once, as a call of its own, after arming a setImmediate for the
 * rest; node-redis arms its write at that first send, after ours, so the items that came later in the same
 * turn go out in that same write. (If another store command armed node-redis's write earlier in the turn,
 * the rest go out in the next turn's write: one turn later, as any command queued now.) The items of a turn
 * thus reach Redis after every other store command sent in that turn.
 *
 * Groups: a call's items share its keys (the same array for every item of one group: the store's per-PIN key
 * list) and its head — both scripts' ARGV 1–3 are the TTL and two values the store names (answers: the
 * question's index and the game's createdAt; joins: max players and the stamp of the room the caller holds).
 * At most `max` items a call. A call that fails (Redis gone, the deadline) fails each of its items, and
 * only those; an item whose own result throws fails alone.
 *
 * Per item it keeps no more than the code it replaced: the item's values in its call's array, its promise's
 * resolve and reject; no closure or promise of its own beyond that promise.
 */

/** ARGV 1–3 of a call: the TTL, then the two values its items share. */
export type Head = readonly [ttl: string, a: string, b: string];

/** The items of one turn that go out as one call. */
interface Call<V> {
  keys: readonly string[];
  head: Head;
  /** The items' values, as the script's `push` laid them out. */
  values: V[];
  resolve: ((result: unknown) => void)[];
  reject: ((err: unknown) => void)[];
}

/** What a store's script gives the coalescer: its own call, its items' values and how their results are read. */
export interface TurnScript<V, R> {
  /** At most this many items a call: bounds the script's run in a turn of thousands. */
  readonly max: number;
  /** The turn's first item, sent at once as a call of its own; the promise of its result. */
  one(keys: readonly string[], head: Head, a: V, b: V, c: V | undefined): Promise<unknown>;
  /** Appends one item's values to a call's (the same values `one` takes). */
  push(values: V[], a: V, b: V, c: V | undefined): void;
  /** One call of several items: the reply to `settle`, a failure to `fail`. */
  call(keys: readonly string[], head: Head, values: readonly V[], settle: (reply: R) => void, fail: (err: unknown) => void): void;
  /** Item `i`'s result in the reply of a call of `values` (an error it throws fails that item only). */
  read(reply: R, values: readonly V[], i: number): unknown;
}

/**
 * `add(keys, a, b, x, y, z)`: one item, of values `x`, `y` (and `z`), into the call of `keys` and head
 * [ttl, a, b]; the promise of its result.
 */
export function turnCoalescer<V, R>(ttl: string, script: TurnScript<V, R>) {
  /** The rest of this turn's items, by keys, then head. */
  const pending = new Map<readonly string[], Call<V>[]>();
  let armed = false;

  const send = (c: Call<V>): void => {
    script.call(
      c.keys,
      c.head,
      c.values,
      (reply) => {
        for (let i = 0; i < c.resolve.length; i++) {
          try {
            c.resolve[i](script.read(reply, c.values, i));
          } catch (err) {
            c.reject[i](err);
          }
        }
      },
      (err) => {
        for (let i = 0; i < c.reject.length; i++) c.reject[i](err);
      },
    );
  };

  const flush = (): void => {
    armed = false;
    for (const calls of pending.values()) for (const c of calls) send(c);
    pending.clear();
  };

  /** The call of `keys` and head [ttl, a, b] with room for one more item: a new one when there is none. */
  const callFor = (keys: readonly string[], a: string, b: string): Call<V> => {
    let calls = pending.get(keys);
    if (!calls) pending.set(keys, (calls = []));
    for (let i = 0; i < calls.length; i++) {
      const c = calls[i];
      if (c.head[1] === a && c.head[2] === b && c.resolve.length < script.max) return c;
    }
    const c: Call<V> = { keys, head: [ttl, a, b], values: [], resolve: [], reject: [] };
    calls.push(c);
    return c;
  };

  return function add(keys: readonly string[], a: string, b: string, x: V, y: V, z?: V): Promise<unknown> {
    if (!armed) {
      // Armed before the send below arms node-redis's own write: the rest of the turn goes out with it.
      armed = true;
      setImmediate(flush);
      return script.one(keys, [ttl, a, b], x, y, z);
    }
    const c = callFor(keys, a, b);
    script.push(c.values, x, y, z);
    return new Promise((resolve, reject) => {
      c.resolve.push(resolve);
      c.reject.push(reject);
    });
  };
}
