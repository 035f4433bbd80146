/**
 * Coalesces the joins of one event-loop turn into one JOIN_ROOMS call per PIN (redis-join-script.ts), through
 * the turn coalescer (turn-coalescer.ts: when the calls go out, how they are grouped), as for the answers
 * (redis-answer-batch.ts): each join is still checked and seated on its own, in arrival order, with its own
 * result.
 *
 * Why (docs/performance-history.md, session 31): in S0 at 5,000 the server reads hundreds of phones' frames per
 * turn, and each join was an EVALSHA of its own (the seven keys and the script's sha, eight arguments, one
 * reply to parse and one promise from node-redis per join): per join a command encoded and queued, a reply
 * decoded and matched, and all of it held until Redis answered. One call per PIN and turn names the keys and
 * the script once, is one reply to parse, and Redis runs one script instead of hundreds. The joins of a turn
 * reach Redis after every other store command sent in that turn (a host's lock in the same turn as a join
 * now comes first: two players' race either way).
 *
 * A call's joins share its max players and room stamp: joins that hold another room (one came back meanwhile)
 * go in another call.
 */
import type { Send } from './redis-sha.js';
import { joinRoomsCall, type JoiningPlayer, type JoinRoomsReply, type JoinStatus } from './redis-join-script.js';
import { turnCoalescer, type TurnScript } from './turn-coalescer.js';

/** At most this many joins per call: bounds the script's run (~10 µs of Redis each) in a turn of thousands. */
export const MAX_JOINS = 1000;

/** A join's result as JOIN_ROOMS gave it: `json` is the room's JSON when the reply carried it. */
export type OnJoin<T> = (status: JoinStatus, players: number, online: number, json: string | undefined) => T;

/** A join's values in a call: the player, then its OnJoin. */
type JoinValue = JoiningPlayer | OnJoin<unknown>;

/** Join `i` of `reply` handed to `onJoin`. */
function settle<T>(reply: JoinRoomsReply, i: number, onJoin: OnJoin<T>): T {
  const json = reply[0] === '' ? undefined : (reply[0] as string);
  return onJoin(reply[1 + 3 * i] as JoinStatus, Number(reply[2 + 3 * i]), Number(reply[3 + 3 * i]), json);
}

/** The players of a call's values. */
function players(values: readonly JoinValue[]): JoiningPlayer[] {
  const out: JoiningPlayer[] = [];
  for (let i = 0; i < values.length; i += 2) out.push(values[i] as JoiningPlayer);
  return out;
}

/**
 * `join(keys, maxPlayers, stamp, player, onJoin)`: one join; `keys` are joinKeys (the same array for every join
 * into one PIN: calls are grouped by it, by max players and by the stamp of the room the caller holds). The
 * join's result is `onJoin`'s (an error it throws rejects that join only).
 */
export function joinCoalescer(send: Send, ttl: string) {
  const script: TurnScript<JoinValue, JoinRoomsReply> = {
    max: MAX_JOINS,
    one: (keys, head, player, onJoin) => joinRoomsCall(send, keys, head, [player as JoiningPlayer], (reply) => settle(reply, 0, onJoin as OnJoin<unknown>)),
    push: (values, player, onJoin) => void values.push(player, onJoin),
    call: (keys, head, values, onReply, fail) => void joinRoomsCall(send, keys, head, players(values), onReply).then(undefined, fail),
    read: (reply, values, i) => settle(reply, i, values[2 * i + 1] as OnJoin<unknown>),
  };
  const add = turnCoalescer(ttl, script);
  return <T>(keys: readonly string[], maxPlayers: number, stamp: string, player: JoiningPlayer, onJoin: OnJoin<T>): Promise<T> =>
    add(keys, String(maxPlayers), stamp, player, onJoin as OnJoin<unknown>) as Promise<T>;
}
