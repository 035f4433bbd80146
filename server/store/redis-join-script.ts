/**
 * The scripts of a phone's seat on Redis: player:join (RoomStore.joinRoom), the rejoin's look-up by token
 * (getPlayerByToken) and presence (setOnline). Apart from the other scripts (redis-scripts.ts) because,
 * like RECORD_ANSWER, each takes only the keys it touches and not their shared header (12 KEYS, their
 * locals and five closures per call; docs/performance-history.md, session 22), and goes out as one EVALSHA.
 */
import { evalSha, evalShaThen, shaScript, type Send, type ShaScript } from './redis-sha.js';

/**
 * A script loaded (`SCRIPT LOAD`, not awaited) ahead of its first EVALSHA on a connection: `send` sends
 * the load before the first call, and again before the first call after `reset()` (the store calls it on
 * every (re)connect: a Redis that restarted holds no scripts). Commands of one connection run in the order
 * sent, so the EVALSHAs right behind the load find the script. Without it, the first burst of calls on a
 * Redis that does not hold the script yet (a fresh or restarted Redis: its first room's 2,000 joins) all
 * go out before the first NOSCRIPT comes back, and each pays a NOSCRIPT, an error reply and a second round
 * trip with the whole body, which Redis hashes again (S0 on a fresh Redis, docs/performance-history.md session 24:
 * up to 176 of 2,000 joins, whose EVALs took 16 ms of Redis's command time). A load that fails changes nothing: each call's
 * own NOSCRIPT fallback still runs (redis-sha.ts), and the next call loads again.
 */
export class Preloaded {
  private loaded = false;
  readonly send: Send;

  constructor(send: Send, script: ShaScript) {
    const unload = () => {
      this.loaded = false;
    };
    const load = ['SCRIPT', 'LOAD', script.body];
    this.send = (cmd) => {
      if (!this.loaded) {
        this.loaded = true;
        send(load.slice()).catch(unload);
      }
      return send(cmd);
    };
  }

  /** A new connection (a Redis that restarted holds no scripts): load again ahead of the next call. */
  reset(): void {
    this.loaded = false;
  }
}

/**
 * KEYS: the room, players, names, tokens, order, board and online keys of the room (joinKeys in
 * redis-keys.ts). ARGV 1: the default TTL in ms, 2: player id, 3: name key, 4: token, 5: player JSON,
 * 6: max players, 7: score, 8: the stamp (`roomStamp`) of the room the caller holds, or ''.
 *
 * The room is read and checked (not ended, not locked), the player added as cnAddPlayer adds them and
 * marked connected. `locked` sits beside `phase` in the room hash (write_room), so the check decodes no
 * JSON; a room written before that field existed has none, and then its JSON says. The player count is
 * the names hash's size before the join plus this player (HEXISTS said the name was free).
 *
 * TTL: only a key this join creates lacks one, and a key is created only when it was empty: `order`
 * (RPUSH returns 1; `players` and `tokens` empty and fill with it), `names` (empty before; `board` holds
 * the same players) or `online` (SCARD 1 after). Only then are the keys' TTLs checked and the missing
 * ones given the room's remaining life; any other join touches no TTL.
 *
 * Returns {'ok', players, online} when the room is the one the caller holds (ARGV 8 is its stamp, its
 * `created` and `v` fields), else {'ok', players, online, room JSON}; or {why not}. The room's JSON (~1.5 KB)
 * came back with every join before: 3 MB from Redis, decoded into a string per join, for 2,000 joins into a
 * lobby whose room the host's own process had just written (docs/performance-history.md, session 28).
 */
const JOIN_ROOM = `
local ROOM, PLAYERS, NAMES, TOKENS, ORDER, BOARD, ONLINE = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7]
local r = redis.call('HMGET', ROOM, 'phase', 'locked', 'created', 'v')
if not r[1] then return {'no_room'} end
if r[1] == 'ended' then return {'ended'} end
local locked = r[2]
if locked then locked = locked == '1' else locked = cjson.decode(redis.call('HGET', ROOM, 'json')).locked == true end
if locked then return {'locked'} end
local id = ARGV[2]
if redis.call('HEXISTS', NAMES, ARGV[3]) == 1 then return {'name_taken'} end
local before = redis.call('HLEN', NAMES)
if before >= tonumber(ARGV[6]) then return {'room_full'} end
local first = false
if redis.call('HSET', PLAYERS, id, ARGV[5]) == 1 then first = redis.call('RPUSH', ORDER, id) == 1 end
redis.call('HSET', NAMES, ARGV[3], id)
redis.call('HSET', TOKENS, ARGV[4], id)
redis.call('ZADD', BOARD, ARGV[7], id)
redis.call('SADD', ONLINE, id)
local online = redis.call('SCARD', ONLINE)
if first or before == 0 or online == 1 then
  local life = redis.call('PTTL', ROOM)
  if life <= 0 then life = tonumber(ARGV[1]) end
  for i = 2, 7 do
    if redis.call('PTTL', KEYS[i]) == -1 then redis.call('PEXPIRE', KEYS[i], life) end
  end
end
if r[3] and r[4] and ARGV[8] == r[3] .. ':' .. r[4] then return {'ok', before + 1, online} end
return {'ok', before + 1, online, redis.call('HGET', ROOM, 'json')}`;

export const JOIN_ROOM_SCRIPT = shaScript(JOIN_ROOM);

export type JoinRoomReply = ['ok', number, number, string] | ['ok', number, number] | ['no_room' | 'ended' | 'locked' | 'name_taken' | 'room_full'];

/**
 * A room's stamp: its game (`createdAt`) and version, as JOIN_ROOM builds it from the room hash's `created`
 * and `v` fields (write_room writes both with every write of the room, from the same numbers). Every write
 * of a room takes a new version (the engine bumps it: updateRoom's expected version must match), and a new
 * game on the PIN another createdAt, so one stamp is one room's JSON.
 */
export function roomStamp(room: { createdAt: number; version: number }): string {
  return `${room.createdAt}:${room.version}`;
}

/**
 * JOIN_ROOM as one EVALSHA (redis-sha.ts), its reply handed to `onReply`. `keys`: joinKeys (redis-keys.ts);
 * then the eight ARGV above. The command is built as sent (no argument list spread into it), and built again
 * for the EVAL after a NOSCRIPT rather than held while the join waits: the player's JSON in it is ~300 bytes
 * per join (the player itself is not changed while its join is out).
 */
export function joinRoomCall<T>(
  send: Send,
  keys: readonly string[],
  ttl: string,
  player: { id: string; key: string; token: string; score: number },
  maxPlayers: number,
  stamp: string,
  onReply: (reply: JoinRoomReply) => T,
): Promise<T> {
  const command = (evalSha: boolean) => {
    const cmd = [evalSha ? 'EVALSHA' : 'EVAL', evalSha ? JOIN_ROOM_SCRIPT.sha : JOIN_ROOM_SCRIPT.body, '7', keys[0], keys[1], keys[2], keys[3], keys[4], keys[5], keys[6]];
    cmd.push(ttl, player.id, player.key, player.token, JSON.stringify(player), String(maxPlayers), String(player.score), stamp);
    return cmd;
  };
  return evalShaThen(send, JOIN_ROOM_SCRIPT, command, onReply);
}

/**
 * KEYS: the room, players, kicked, names and online keys of the room (presenceKeys in redis-keys.ts).
 * ARGV 1: the default TTL in ms, 2: player id, 3: '1' connected | '0' not. Marks a known, not kicked
 * player connected or not; returns {changed 0|1, online count, players (not kicked)}. An `online` set this
 * creates gets the room's remaining life.
 */
export const SET_ONLINE = shaScript(`
local ROOM, PLAYERS, KICKED, NAMES, ONLINE = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local id = ARGV[2]
if redis.call('HEXISTS', PLAYERS, id) == 0 or redis.call('SISMEMBER', KICKED, id) == 1 then
  return {0, redis.call('SCARD', ONLINE), redis.call('HLEN', NAMES)}
end
local changed
if ARGV[3] == '1' then changed = redis.call('SADD', ONLINE, id) else changed = redis.call('SREM', ONLINE, id) end
if changed == 1 and redis.call('PTTL', ONLINE) == -1 then
  local t = redis.call('PTTL', ROOM)
  redis.call('PEXPIRE', ONLINE, t > 0 and t or tonumber(ARGV[1]))
end
return {changed, redis.call('SCARD', ONLINE), redis.call('HLEN', NAMES)}`);

export function setOnlineCall(send: Send, keys: readonly string[], args: readonly string[]): Promise<[number, number, number]> {
  return evalSha(send, SET_ONLINE, keys, args) as Promise<[number, number, number]>;
}

/**
 * KEYS: the tokens, players, pscore, kicked and ranks keys of the room (tokenKeys in redis-keys.ts).
 * ARGV 1: the token. The player the token belongs to, in one step (the token's look-up and the player's
 * read used to be two round trips): {joined record JSON, scores JSON or nil, kicked 0|1, rank or nil},
 * or {} when the token or its player is unknown.
 */
export const PLAYER_BY_TOKEN = shaScript(`
local id = redis.call('HGET', KEYS[1], ARGV[1])
if not id then return {} end
local base = redis.call('HGET', KEYS[2], id)
if not base then return {} end
return {base, redis.call('HGET', KEYS[3], id), redis.call('SISMEMBER', KEYS[4], id), redis.call('HGET', KEYS[5], id)}`);

export type PlayerByTokenReply = [] | [string, string | null, number, string | null];

export function playerByTokenCall(send: Send, keys: readonly string[], token: string): Promise<PlayerByTokenReply> {
  return evalSha(send, PLAYER_BY_TOKEN, keys, [token]) as Promise<PlayerByTokenReply>;
}
