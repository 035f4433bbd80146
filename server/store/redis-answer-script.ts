/**
 * The script every answer runs (RoomStore.recordAnswer on Redis), apart from the other scripts
 * (redis-scripts.ts) because it does not take their shared key header.
 */
import { sendEvalSha, shaScript, type Send } from './redis-sha.js';

/**
 * RECORD_ANSWER is the one script every answer runs, so it takes only the keys it touches and not the
 * shared header (PRELUDE: 12 KEYS, their locals and five closures per call; docs/performance.md,
 * session 21). KEYS: the room, players, kicked, names and online keys, then the answers hash of the
 * question (recordAnswerKeys in redis-keys.ts). ARGV 1: the default TTL in ms, 2: index, 3: player id, 4: at, 5: the
 * answer's JSON up to and including `"elapsedMs":`, 6: the game's createdAt or '' (any game).
 * The answer time is stamped here, against the room's openedAt of this moment, and appended to the JSON
 * as text with the closing brace (never re-encoded by cjson).
 */
const RECORD_ANSWER = `
local ROOM, PLAYERS, KICKED, NAMES, ONLINE, ANSWERS = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6]
local r = redis.call('HMGET', ROOM, 'phase', 'index', 'deadline', 'opened', 'created')
if not r[1] then return {'no_room', 0} end
local at = tonumber(ARGV[4])
if r[1] ~= 'question' or tonumber(r[2]) ~= tonumber(ARGV[2]) or at > tonumber(r[3]) then
  return {'closed', 0}
end
-- A room written before these fields existed has none: then any game, and openedAt from its JSON.
if ARGV[6] ~= '' and r[5] and r[5] ~= ARGV[6] then return {'closed', 0} end
local opened = tonumber(r[4] or cjson.decode(redis.call('HGET', ROOM, 'json')).openedAt)
-- Not open yet: the question's get-ready beat (issue 14) runs until openedAt. Checked with the other
-- window checks, before the player's, in the same order as the memory store.
if at < opened then return {'closed', 0} end
if redis.call('HEXISTS', PLAYERS, ARGV[3]) == 0 then return {'no_player', 0} end
if redis.call('SISMEMBER', KICKED, ARGV[3]) == 1 then return {'kicked', 0} end
local json = ARGV[5] .. string.format('%.17g', math.max(0, at - opened)) .. '}'
if redis.call('HSETNX', ANSWERS, ARGV[3], json) == 0 then return {'duplicate', 0} end
local n = redis.call('HLEN', ANSWERS)
-- Only the first answer creates the hash: give it the room's remaining life. Later answers
-- touch no other key.
if n == 1 then
  local t = redis.call('PTTL', ROOM)
  redis.call('PEXPIRE', ANSWERS, t > 0 and t or tonumber(ARGV[1]))
end
return {'ok', n, redis.call('HLEN', NAMES), redis.call('SCARD', ONLINE)}`;

const RECORD_ANSWER_SCRIPT = shaScript(RECORD_ANSWER);

export type RecordAnswerReply = ['ok' | 'duplicate' | 'closed' | 'no_room' | 'kicked' | 'no_player', number, number?, number?];

export function recordAnswerCall(send: Send, keys: readonly string[], args: readonly string[]): Promise<RecordAnswerReply> {
  const { sha } = RECORD_ANSWER_SCRIPT;
  const cmd = ['EVALSHA', sha, '6', keys[0], keys[1], keys[2], keys[3], keys[4], keys[5], args[0], args[1], args[2], args[3], args[4], args[5]];
  return sendEvalSha(send, RECORD_ANSWER_SCRIPT, cmd) as Promise<RecordAnswerReply>;
}
