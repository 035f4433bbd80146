/**
 * Coalesces the joins of one event-loop turn into one JOIN_ROOMS call per PIN (redis-join-script.ts), as
 * redis-answer-batch.ts does for the answers: each join is still checked and seated on its own, in arrival
 * order, with its own result.
 *
 * Why (docs/performance-history.md, session 31): in S0 at 5,000 the server reads hundreds of phones' frames per
 * turn, and each join was an EVALSHA of its own (the seven keys and the script's sha, eight arguments, one
 * reply to parse and one promise from node-redis per join): per join a command encoded and queued, a reply
 * decoded and matched, and all of it held until Redis answered. One call per PIN and turn names the keys and
 * the script once, is one reply to parse, and Redis runs one script instead of hundreds.
 *
 * When: the first join of a turn is sent at once, as a call of its own, after arming a setImmediate for the
 * rest; node-redis arms its write at that first send, after ours, so the joins that came later in the same
 * turn go out in that same write. (If another store command armed node-redis's write earlier in the turn, the
 * rest go out in the next turn's write: one turn later, as any command queued now.) The joins of a turn thus
 * reach Redis after every other store command sent in that turn (a host's lock in the same turn as a join
 * now comes first: two players' race either way).
 *
 * A call's joins share its room stamp: joins that hold another room (one came back meanwhile) go in another
 * call. A call that fails (Redis gone, the deadline) fails each of its joins.
 */
import type { Send } from './redis-sha.js';
import { joinRoomsCall, type JoiningPlayer, type JoinRoomsReply, type JoinStatus } from './redis-join-script.js';

/** At most this many joins per call: bounds the script's run (~10 µs of Redis each) in a turn of thousands. */
export const MAX_JOINS = 1000;

/** A join's result as JOIN_ROOMS gave it: `json` is the room's JSON when the reply carried it. */
export type OnJoin<T> = (status: JoinStatus, players: number, online: number, json: string | undefined) => T;

interface Batch {
  keys: readonly string[];
  head: [string, string, string];
  players: JoiningPlayer[];
  onJoin: OnJoin<unknown>[];
  resolve: ((r: unknown) => void)[];
  reject: ((err: unknown) => void)[];
}

/** Join `i` of `reply` handed to `onJoin`. */
function settle<T>(reply: JoinRoomsReply, i: number, onJoin: OnJoin<T>): T {
  const json = reply[0] === '' ? undefined : (reply[0] as string);
  return onJoin(reply[1 + 3 * i] as JoinStatus, Number(reply[2 + 3 * i]), Number(reply[3 + 3 * i]), json);
}

function sendBatch(send: Send, b: Batch): void {
  joinRoomsCall(send, b.keys, b.head, b.players, (reply) => {
    for (let i = 0; i < b.onJoin.length; i++) {
      try {
        b.resolve[i](settle(reply, i, b.onJoin[i]));
      } catch (err) {
        b.reject[i](err);
      }
    }
  }).then(undefined, (err: unknown) => {
    for (const reject of b.reject) reject(err);
  });
}

/**
 * `join(keys, maxPlayers, stamp, player, onJoin)`: one join; `keys` are joinKeys (the same array for every join
 * into one PIN: calls are grouped by it, by max players and by the stamp of the room the caller holds). The
 * join's result is `onJoin`'s (an error it throws rejects that join only).
 */
export function joinCoalescer(send: Send, ttl: string) {
  /** The rest of this turn's joins, by PIN (keys), then max players and stamp. */
  const pending = new Map<readonly string[], Batch[]>();
  let armed = false;

  const flush = (): void => {
    armed = false;
    for (const batches of pending.values()) for (const b of batches) sendBatch(send, b);
    pending.clear();
  };

  return function join<T>(keys: readonly string[], maxPlayers: number, stamp: string, player: JoiningPlayer, onJoin: OnJoin<T>): Promise<T> {
    const max = String(maxPlayers);
    if (!armed) {
      // Armed before the send below arms node-redis's own write: the rest of the turn goes out with it.
      armed = true;
      setImmediate(flush);
      return joinRoomsCall(send, keys, [ttl, max, stamp], [player], (reply) => settle(reply, 0, onJoin));
    }
    let batches = pending.get(keys);
    if (!batches) pending.set(keys, (batches = []));
    let b = batches.find((x) => x.head[2] === stamp && x.head[1] === max && x.players.length < MAX_JOINS);
    if (!b) batches.push((b = { keys, head: [ttl, max, stamp], players: [], onJoin: [], resolve: [], reject: [] }));
    b.players.push(player);
    b.onJoin.push(onJoin as OnJoin<unknown>);
    const batch = b;
    return new Promise<T>((resolve, reject) => {
      batch.resolve.push(resolve as (r: unknown) => void);
      batch.reject.push(reject);
    });
  };
}
