/**
 * Every Redis key name the store uses, built in one place (docs/redis.md lists them).
 *
 * Per-room keys carry the hash tag `{pin}` so that all of a room's keys hash to
 * the same slot; the one global key is the deadline index `<prefix>due`.
 * Every script receives the same key header (ROOM_KEY_NAMES in this order, then
 * `due`, then any answer keys), so the Lua side can name them once.
 */

/** Order matters: it is the order of KEYS[1..11] in every script (see redis-scripts.ts). */
export const ROOM_KEY_NAMES = [
  'room', // hash: v, phase, index, deadline, qc, opened, created, locked, json
  'questions', // string: JSON QuestionPlan (deck id, question ids in order, shuffle seed)
  'players', // hash: playerId -> JSON PlayerRecord as joined
  'pscore', // hash: playerId -> JSON {score, streak, correct, correctTimeMs, last}
  'kicked', // set: playerIds
  'ranks', // hash: playerId -> final rank
  'names', // hash: name key -> playerId (non-kicked players only)
  'tokens', // hash: token -> playerId
  'order', // list: playerIds in join order
  'board', // zset: playerId -> score (non-kicked players)
  'online', // set: playerIds with a connected socket (presence; non-kicked players)
] as const;

export type RoomKeyName = (typeof ROOM_KEY_NAMES)[number];
export type RoomKeys = Record<RoomKeyName, string>;

/** A PIN goes inside `{}`: it must not contain braces itself. */
function tag(pin: string): string {
  if (/[{}]/.test(pin)) throw new Error(`invalid PIN for a Redis key: ${pin}`);
  return `{${pin}}`;
}

export function roomKeys(prefix: string, pin: string): RoomKeys {
  const t = tag(pin);
  const keys = {} as RoomKeys;
  for (const name of ROOM_KEY_NAMES) keys[name] = `${prefix}${name}:${t}`;
  return keys;
}

/** Hash playerId -> JSON AnswerRecord for question `index` of room `pin`. */
export function answersKey(prefix: string, pin: string, index: number): string {
  return `${prefix}answers:${tag(pin)}:${index}`;
}

/** Global sorted set: member PIN, score = when the room is due for a close (ms). */
export function dueKey(prefix: string): string {
  return `${prefix}due`;
}

/**
 * The key header every script takes: the eleven room keys, `due`, then the answer
 * keys for the given question indexes (KEYS[13..]).
 */
export function scriptKeys(prefix: string, pin: string, answerIndexes: number[] = []): string[] {
  const k = roomKeys(prefix, pin);
  return [...ROOM_KEY_NAMES.map((n) => k[n]), dueKey(prefix), ...answerIndexes.map((i) => answersKey(prefix, pin, i))];
}

/**
 * RECORD_ANSWER's own keys (redis-scripts.ts), in this order: the room, players, kicked, names and online
 * keys of the room, then the answers hash of question `index`.
 */
export function recordAnswerKeys(prefix: string, pin: string, index: number): string[] {
  const k = roomKeys(prefix, pin);
  return [k.room, k.players, k.kicked, k.names, k.online, answersKey(prefix, pin, index)];
}

/**
 * JOIN_ROOMS's own keys (redis-join-script.ts), in this order: the room, players, names, tokens, order,
 * board and online keys of the room.
 */
export function joinKeys(prefix: string, pin: string): string[] {
  const k = roomKeys(prefix, pin);
  return [k.room, k.players, k.names, k.tokens, k.order, k.board, k.online];
}

/** SET_ONLINE's own keys (redis-join-script.ts): the room, players, kicked, names and online keys. */
export function presenceKeys(prefix: string, pin: string): string[] {
  const k = roomKeys(prefix, pin);
  return [k.room, k.players, k.kicked, k.names, k.online];
}

/** PLAYER_BY_TOKEN's own keys (redis-join-script.ts): the tokens, players, pscore, kicked and ranks keys. */
export function tokenKeys(prefix: string, pin: string): string[] {
  const k = roomKeys(prefix, pin);
  return [k.tokens, k.players, k.pscore, k.kicked, k.ranks];
}

/**
 * `build(pin)` memoised per PIN: a room's key lists are the same strings for every call, built once
 * rather than per call. At most `max` PINs are kept (all dropped at once past that).
 */
export function perPin<T>(build: (pin: string) => T, max = 4096): (pin: string) => T {
  const byPin = new Map<string, T>();
  return (pin) => {
    let v = byPin.get(pin);
    if (v === undefined) {
      if (byPin.size >= max) byPin.clear();
      byPin.set(pin, (v = build(pin)));
    }
    return v;
  };
}
