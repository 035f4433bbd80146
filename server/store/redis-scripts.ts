/**
 * The Lua scripts behind every RoomStore decision. Each runs atomically inside
 * Redis: no other command of any process interleaves with it.
 *
 * Calling convention (the same for all scripts here; the answer's script and the seat's (join, presence,
 * look-up by token), redis-answer-script.ts and redis-join-script.ts, take only their own keys):
 *   KEYS[1..11] the room's keys in redis-keys.ts ROOM_KEY_NAMES order,
 *   KEYS[12]    the global `due` sorted set,
 *   KEYS[13..]  answer hashes (only where a script needs them);
 *   ARGV[1]     the default TTL in ms (expireRoom: the requested TTL),
 *   ARGV[2]     the PIN, then the script's own arguments.
 * JSON values are written exactly as TypeScript encoded them; Lua never
 * re-encodes JSON (cjson would round floats to 14 digits and turn [] into {}).
 */
import { defineScript, type CommandParser } from 'redis';

const PRELUDE = `
local ROOM, QUESTIONS, PLAYERS, PSCORE, KICKED, RANKS, NAMES, TOKENS, ORDER, BOARD, ONLINE, DUE =
  KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7], KEYS[8], KEYS[9], KEYS[10], KEYS[11], KEYS[12]
local DUE_AT = 12
local TTL, PIN = tonumber(ARGV[1]), ARGV[2]
-- The same TTL on every key of the room (never on DUE), so no key outlives the room.
local function expire_all(ms)
  for i = 1, #KEYS do if i ~= DUE_AT then redis.call('PEXPIRE', KEYS[i], ms) end end
end
-- A transition (create, update, commit) gives the room the default life again.
local function refresh() expire_all(TTL) end
-- Any other write keeps the room's remaining life; keys it creates get the same.
local function align()
  local t = redis.call('PTTL', ROOM)
  if t > 0 then expire_all(t) else expire_all(TTL) end
end
-- ARGV[a..a+9]: version, phase, index, deadline, questionCount, json, due score ('' = not due), openedAt,
-- createdAt, locked ('1' | '0'). openedAt and createdAt sit beside the JSON so RECORD_ANSWER reads them, and
-- locked so JOIN_ROOMS reads it, without decoding it. Every write of the room goes through here.
local function write_room(a)
  redis.call('HSET', ROOM, 'v', ARGV[a], 'phase', ARGV[a+1], 'index', ARGV[a+2],
    'deadline', ARGV[a+3], 'qc', ARGV[a+4], 'json', ARGV[a+5], 'opened', ARGV[a+7], 'created', ARGV[a+8],
    'locked', ARGV[a+9])
  if ARGV[a+6] == '' then redis.call('ZREM', DUE, PIN) else redis.call('ZADD', DUE, ARGV[a+6], PIN) end
end
local function version_is(expected)
  local v = redis.call('HGET', ROOM, 'v')
  return v ~= false and tonumber(v) == tonumber(expected)
end
`;

/** ARGV 3..12: room fields, 13: questions JSON. KEYS[13..]: answer hashes of the new room, cleared. */
const CREATE_ROOM = `
if redis.call('EXISTS', ROOM) == 1 then return 0 end
for i = 2, #KEYS do if i ~= DUE_AT then redis.call('DEL', KEYS[i]) end end
write_room(3)
redis.call('SET', QUESTIONS, ARGV[13])
refresh()
return 1`;

/** ARGV 3: expected version; 4..13: room fields. */
const UPDATE_ROOM = `
if not version_is(ARGV[3]) then return 0 end
write_room(4)
refresh()
return 1`;

/**
 * ARGV 3: expected version; 4..13: room fields; then triples (playerId, score JSON, score). Only players of
 * the room get a score; kicked ones (a kick can land between the close's read and this commit) stay off
 * the board. The room's players and kicks are read once, and the scores and the board written with one
 * HSET and one ZADD per slice of 500 players, not four commands per player (2,000 players: ~12 ms of
 * Redis time before, see docs/performance-history.md, session 20).
 */
const COMMIT_SCORES = `
if not version_is(ARGV[3]) then return 0 end
write_room(4)
local known, kicked = {}, {}
for _, id in ipairs(redis.call('HKEYS', PLAYERS)) do known[id] = true end
for _, id in ipairs(redis.call('SMEMBERS', KICKED)) do kicked[id] = true end
local scores, board = {}, {}
for i = 14, #ARGV, 3 do
  local id = ARGV[i]
  if known[id] then
    scores[#scores + 1] = id
    scores[#scores + 1] = ARGV[i + 1]
    if not kicked[id] then
      board[#board + 1] = ARGV[i + 2]
      board[#board + 1] = id
    end
  end
end
-- unpack() takes a few thousand values at most: 1,000 at a time (500 pairs, pairs never split).
for _, w in ipairs({{'HSET', PSCORE, scores}, {'ZADD', BOARD, board}}) do
  local t = w[3]
  for s = 1, #t, 1000 do redis.call(w[1], w[2], unpack(t, s, math.min(s + 999, #t))) end
end
refresh()
return 1`;

/**
 * ADD_PLAYER's writes (JOIN_ROOMS, redis-join-script.ts, makes the same ones and marks the player connected).
 * ARGV 3: id, 4: name key, 5: token, 6: player JSON, 7: max players, 8: score. Returns why the player was
 * refused, or nil once added.
 */
const ADD = `
local function add_player()
  if redis.call('HEXISTS', NAMES, ARGV[4]) == 1 then return 'name_taken' end
  if redis.call('HLEN', NAMES) >= tonumber(ARGV[7]) then return 'room_full' end
  if redis.call('HSET', PLAYERS, ARGV[3], ARGV[6]) == 1 then redis.call('RPUSH', ORDER, ARGV[3]) end
  redis.call('HSET', NAMES, ARGV[4], ARGV[3])
  redis.call('HSET', TOKENS, ARGV[5], ARGV[3])
  redis.call('ZADD', BOARD, ARGV[8], ARGV[3])
  local created = {PLAYERS, ORDER, NAMES, TOKENS, BOARD}
  -- Only keys this join may have created lack a TTL (the first join, or a hash emptied by kicks):
  -- give those the room's remaining life instead of re-expiring every key on every join.
  local life = redis.call('PTTL', ROOM)
  if life <= 0 then life = TTL end
  for _, k in ipairs(created) do
    if redis.call('PTTL', k) == -1 then redis.call('PEXPIRE', k, life) end
  end
  return nil
end
`;

/** ARGV 3: id, 4: name key, 5: token, 6: player JSON, 7: max players, 8: score. */
const ADD_PLAYER = `${ADD}
if redis.call('EXISTS', ROOM) == 0 then return {'no_room'} end
local refused = add_player()
if refused then return {refused} end
return {'ok', redis.call('HLEN', NAMES)}`;

/**
 * ARGV 3: player id, 4: the question index the caller read (KEYS[13]: its answers hash). Decodes the
 * stored JSON only to read its name key. An answer to the open question is dropped with the kick, so
 * it never counts towards "everyone answered"; -1 = the room moved on since the caller read it: retry.
 */
const KICK_PLAYER = `
local json = redis.call('HGET', PLAYERS, ARGV[3])
if not json then return 0 end
local r = redis.call('HMGET', ROOM, 'phase', 'index')
if r[1] == 'question' and tonumber(r[2]) ~= tonumber(ARGV[4]) then return -1 end
if redis.call('SADD', KICKED, ARGV[3]) == 1 then
  local key = cjson.decode(json).key
  if redis.call('HGET', NAMES, key) == ARGV[3] then redis.call('HDEL', NAMES, key) end
  redis.call('ZREM', BOARD, ARGV[3])
  if r[1] == 'question' then redis.call('HDEL', KEYS[13], ARGV[3]) end
  redis.call('SREM', ONLINE, ARGV[3])
  align()
end
return 1`;

/** ARGV 3: player id. Only in the lobby: every trace of the player goes (the name and the seat are free again). */
const REMOVE_FROM_LOBBY = `
if redis.call('HGET', ROOM, 'phase') ~= 'lobby' then return 0 end
local json = redis.call('HGET', PLAYERS, ARGV[3])
if not json then return 0 end
local p = cjson.decode(json)
if redis.call('HGET', NAMES, p.key) == ARGV[3] then redis.call('HDEL', NAMES, p.key) end
if redis.call('HGET', TOKENS, p.token) == ARGV[3] then redis.call('HDEL', TOKENS, p.token) end
redis.call('HDEL', PLAYERS, ARGV[3])
redis.call('HDEL', PSCORE, ARGV[3])
redis.call('SREM', KICKED, ARGV[3])
redis.call('ZREM', BOARD, ARGV[3])
redis.call('SREM', ONLINE, ARGV[3])
redis.call('LREM', ORDER, 1, ARGV[3])
return 1`;

/** KEYS[13]: the answers hash of the question. Connected players without an answer there. */
const UNANSWERED_ONLINE = `
local n = 0
for _, id in ipairs(redis.call('SMEMBERS', ONLINE)) do
  if redis.call('HEXISTS', KEYS[13], id) == 0 then n = n + 1 end
end
return n`;

/**
 * ARGV 3: expected version; 4..13: room fields; 14: questions JSON. KEYS[13..]: every answers hash of
 * the old game. A fresh lobby for the same players: scores, results and ranks reset, answers dropped.
 */
const RESTART_ROOM = `
if not version_is(ARGV[3]) then return 0 end
write_room(4)
redis.call('SET', QUESTIONS, ARGV[14])
redis.call('DEL', PSCORE, RANKS)
for i = 13, #KEYS do redis.call('DEL', KEYS[i]) end
for _, id in ipairs(redis.call('ZRANGE', BOARD, 0, -1)) do redis.call('ZADD', BOARD, 0, id) end
refresh()
return 1`;

/** ARGV 3..: pairs (player id, rank). */
const SET_RANKS = `
if redis.call('EXISTS', ROOM) == 0 then return 0 end
for i = 3, #ARGV, 2 do
  if redis.call('HEXISTS', PLAYERS, ARGV[i]) == 1 then redis.call('HSET', RANKS, ARGV[i], ARGV[i + 1]) end
end
align()
return 1`;

/** ARGV[1]: the TTL to set (0 = delete now). KEYS[13..]: every answers hash of the room. */
const EXPIRE_ROOM = `
if TTL <= 0 then
  for i = 1, #KEYS do if i ~= DUE_AT then redis.call('DEL', KEYS[i]) end end
  redis.call('ZREM', DUE, PIN)
elseif redis.call('EXISTS', ROOM) == 1 then
  expire_all(TTL)
end
return 1`;

/** Keeps a due entry only while its room exists (a room can vanish by TTL). 1 = room exists. */
const CHECK_DUE = `
if redis.call('EXISTS', ROOM) == 1 then return 1 end
redis.call('ZREM', DUE, PIN)
return 0`;

type Arg = string | number;

function script<R>(body: string) {
  return defineScript({
    SCRIPT: PRELUDE + body,
    // NUMBER_OF_KEYS left out: parseCommand pushes the key count itself (it varies).
    parseCommand(parser: CommandParser, keys: string[], args: Arg[]) {
      parser.push(String(keys.length));
      for (const k of keys) parser.pushKey(k);
      parser.push(...args.map(String));
    },
    transformReply: (reply: unknown) => reply as R,
  });
}

export const SCRIPTS = {
  cnCreateRoom: script<number>(CREATE_ROOM),
  cnUpdateRoom: script<number>(UPDATE_ROOM),
  cnCommitScores: script<number>(COMMIT_SCORES),
  cnAddPlayer: script<['ok' | 'no_room' | 'name_taken' | 'room_full', number?]>(ADD_PLAYER),
  cnKickPlayer: script<number>(KICK_PLAYER),
  cnUnansweredOnline: script<number>(UNANSWERED_ONLINE),
  cnRestartRoom: script<number>(RESTART_ROOM),
  cnRemoveFromLobby: script<number>(REMOVE_FROM_LOBBY),
  cnSetRanks: script<number>(SET_RANKS),
  cnExpireRoom: script<number>(EXPIRE_ROOM),
  cnCheckDue: script<number>(CHECK_DUE),
};
