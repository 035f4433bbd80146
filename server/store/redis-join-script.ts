/**
 * The scripts of a phone's seat on Redis: player:join (RoomStore.joinRoom), the rejoin's look-up by token
 * (getPlayerByToken) and presence (setOnline). Apart from the other scripts (redis-scripts.ts) because,
 * like RECORD_ANSWER, each takes only the keys it touches and not their shared header (12 KEYS, their
 * locals and five closures per call; docs/performance-history.md, session 22), and goes out as one EVALSHA
 * (the joins of one event-loop turn into one PIN as one call: redis-join-batch.ts).
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
 * redis-keys.ts). ARGV 1: the default TTL in ms, 2: max players, 3: the stamp (`roomStamp`) of the room the
 * caller holds, or ''; then five per join, in the order the joins came: player id, name key, token, player
 * JSON, score. One call seats one player or several (redis-join-batch.ts coalesces the joins of one
 * event-loop turn into one PIN), each exactly as if it ran alone, in order: a later join of the call sees
 * the earlier ones (its name taken, the room full, the keys' TTLs set).
 *
 * The room is read and checked once (not ended, not locked): a join writes none of its fields, and nothing
 * else runs inside the script. `locked` sits beside `phase` in the room hash (write_room), so the check
 * decodes no JSON; a room written before that field existed has none, and then its JSON says. Each player
 * is added as cnAddPlayer adds them and marked connected; the player count is the names hash's size before
 * the join plus this player (HEXISTS said the name was free).
 *
 * TTL: only a key a join creates lacks one, and a key is created only when it was empty: `order`
 * (RPUSH returns 1; `players` and `tokens` empty and fill with it), `names` (empty before; `board` holds
 * the same players) or `online` (SCARD 1 after). Only then are the keys' TTLs checked and the missing
 * ones given the room's remaining life; any other join touches no TTL.
 *
 * Reply: the room's JSON, or '' when no join of the call was seated or the room is the one the caller holds
 * (ARGV 3 is its stamp, its `created` and `v` fields); then three values per join: its status ('ok',
 * 'no_room', 'ended', 'locked', 'name_taken', 'room_full'), and for 'ok' the player count and the online
 * count after it (0, 0 otherwise). The room's JSON (~1.5 KB) came back with every join before session 28:
 * 3 MB from Redis, decoded into a string per join, for 2,000 joins into a lobby whose room the host's own
 * process had just written (docs/performance-history.md, session 28); now at most once per call.
 */
const JOIN_ROOMS = `
local ROOM, PLAYERS, NAMES, TOKENS, ORDER, BOARD, ONLINE = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7]
local out, last = {''}, #ARGV
local r = redis.call('HMGET', ROOM, 'phase', 'locked', 'created', 'v')
local why
if not r[1] then why = 'no_room'
elseif r[1] == 'ended' then why = 'ended'
else
  local locked = r[2]
  if locked then locked = locked == '1' else locked = cjson.decode(redis.call('HGET', ROOM, 'json')).locked == true end
  if locked then why = 'locked' end
end
if why then
  for i = 4, last, 5 do out[#out + 1] = why; out[#out + 1] = 0; out[#out + 1] = 0 end
  return out
end
local max = tonumber(ARGV[2])
local function join(i)
  local id, name = ARGV[i], ARGV[i + 1]
  if redis.call('HEXISTS', NAMES, name) == 1 then return 'name_taken', 0, 0 end
  local before = redis.call('HLEN', NAMES)
  if before >= max then return 'room_full', 0, 0 end
  local first = false
  if redis.call('HSET', PLAYERS, id, ARGV[i + 3]) == 1 then first = redis.call('RPUSH', ORDER, id) == 1 end
  redis.call('HSET', NAMES, name, id)
  redis.call('HSET', TOKENS, ARGV[i + 2], id)
  redis.call('ZADD', BOARD, ARGV[i + 4], id)
  redis.call('SADD', ONLINE, id)
  local online = redis.call('SCARD', ONLINE)
  if first or before == 0 or online == 1 then
    local life = redis.call('PTTL', ROOM)
    if life <= 0 then life = tonumber(ARGV[1]) end
    for k = 2, 7 do
      if redis.call('PTTL', KEYS[k]) == -1 then redis.call('PEXPIRE', KEYS[k], life) end
    end
  end
  return 'ok', before + 1, online
end
local seated = false
for i = 4, last, 5 do
  local status, players, online = join(i)
  if status == 'ok' then seated = true end
  out[#out + 1] = status; out[#out + 1] = players; out[#out + 1] = online
end
if seated and not (r[3] and r[4] and ARGV[3] == r[3] .. ':' .. r[4]) then out[1] = redis.call('HGET', ROOM, 'json') end
return out`;

export const JOIN_ROOMS_SCRIPT = shaScript(JOIN_ROOMS);

export type JoinStatus = 'ok' | 'no_room' | 'ended' | 'locked' | 'name_taken' | 'room_full';

/** The room's JSON or '', then three values per join in the order sent: status, players, online (0s unless 'ok'). */
export type JoinRoomsReply = (string | number)[];

/**
 * A room's stamp: its game (`createdAt`) and version, as JOIN_ROOMS builds it from the room hash's `created`
 * and `v` fields (write_room writes both with every write of the room, from the same numbers). Every write
 * of a room takes a new version (the engine bumps it: updateRoom's expected version must match), and a new
 * game on the PIN another createdAt, so one stamp is one room's JSON.
 */
export function roomStamp(room: { createdAt: number; version: number }): string {
  return `${room.createdAt}:${room.version}`;
}

/** What JOIN_ROOMS needs of a player: its record (sent as JSON) with its name key and token. */
export interface JoiningPlayer {
  id: string;
  key: string;
  token: string;
  score: number;
}

/**
 * JOIN_ROOMS as one EVALSHA (redis-sha.ts), its reply handed to `onReply`. `keys`: joinKeys (redis-keys.ts);
 * `head`: [ttl, max players, stamp]; `players`: the joins, in order. The command is built as sent (no
 * argument list spread into it), and built again for the EVAL after a NOSCRIPT rather than held while the
 * joins wait: the players' JSON in it is ~300 bytes per join (a player is not changed while its join is out).
 */
export function joinRoomsCall<T>(
  send: Send,
  keys: readonly string[],
  head: readonly [string, string, string],
  players: readonly JoiningPlayer[],
  onReply: (reply: JoinRoomsReply) => T,
): Promise<T> {
  const command = (evalSha: boolean) => {
    const cmd = [evalSha ? 'EVALSHA' : 'EVAL', evalSha ? JOIN_ROOMS_SCRIPT.sha : JOIN_ROOMS_SCRIPT.body, '7', keys[0], keys[1], keys[2], keys[3], keys[4], keys[5], keys[6], head[0], head[1], head[2]];
    for (let i = 0; i < players.length; i++) {
      const p = players[i];
      cmd.push(p.id, p.key, p.token, JSON.stringify(p), String(p.score));
    }
    return cmd;
  };
  return evalShaThen(send, JOIN_ROOMS_SCRIPT, command, onReply);
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
