/**
 * The script every answer runs (RoomStore.recordAnswer on Redis), apart from the other scripts
 * (redis-scripts.ts) because it does not take their shared key header. One call records one or several
 * answers to the same question (redis-answer-batch.ts coalesces the answers of one event-loop turn).
 */
import { sendEvalSha, shaScript, type Send } from './redis-sha.js';

/**
 * RECORD_ANSWER is the one script every answer runs, so it takes only the keys it touches and not the
 * shared header (PRELUDE: 12 KEYS, their locals and five closures per call; docs/performance-history.md,
 * session 21). KEYS: the room, players, kicked, names and online keys, then the answers hash of the
 * question (recordAnswerKeys in redis-keys.ts). ARGV 1: the default TTL in ms, 2: index, 3: the game's
 * createdAt or '' (any game); then three per answer, in arrival order: the player id, at, and the
 * answer's JSON up to and including `"elapsedMs":`.
 *
 * Each answer is checked and recorded in turn, exactly as if it ran alone, in the memory store's order:
 * the room (no_room), its window (the phase, index, deadline against the answer's own `at`, the game,
 * then openedAt: closed), the player (no_player), the kick (kicked), first answer wins (duplicate). The
 * room's fields are read once: nothing in this script writes them, and nothing else runs inside it.
 * The answer time is stamped against the room's openedAt and appended to the JSON as text with the
 * closing brace (never re-encoded by cjson). Reply: four values per answer — status, then for 'ok' the
 * answered count after it, the player count and the online count (0, 0, 0 otherwise).
 */
const RECORD_ANSWER = `
local ROOM, PLAYERS, KICKED, NAMES, ONLINE, ANSWERS = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6]
local out, last = {}, #ARGV
local r = redis.call('HMGET', ROOM, 'phase', 'index', 'deadline', 'opened', 'created')
if not r[1] then
  for i = 4, last, 3 do out[#out + 1] = 'no_room'; out[#out + 1] = 0; out[#out + 1] = 0; out[#out + 1] = 0 end
  return out
end
-- The room's window for this question and game; a room written before opened/created existed has
-- neither: then any game, and openedAt from its JSON (read once, only if an answer gets that far).
local open = r[1] == 'question' and tonumber(r[2]) == tonumber(ARGV[2]) and not (ARGV[3] ~= '' and r[5] and r[5] ~= ARGV[3])
local deadline = open and tonumber(r[3])
local opened, n, players, online
for i = 4, last, 3 do
  local id, at = ARGV[i], tonumber(ARGV[i + 1])
  local status = 'closed'
  if open and at <= deadline then
    opened = opened or tonumber(r[4] or cjson.decode(redis.call('HGET', ROOM, 'json')).openedAt)
    -- Not open yet: the question's get-ready beat (issue 14) runs until openedAt.
    if at >= opened then
      if redis.call('HEXISTS', PLAYERS, id) == 0 then status = 'no_player'
      elseif redis.call('SISMEMBER', KICKED, id) == 1 then status = 'kicked'
      elseif redis.call('HSETNX', ANSWERS, id, ARGV[i + 2] .. string.format('%.17g', math.max(0, at - opened)) .. '}') == 0 then status = 'duplicate'
      else
        status = 'ok'
        -- The count after this answer: HLEN once, then one more per answer recorded after it.
        if n then n = n + 1 else n = redis.call('HLEN', ANSWERS) end
        -- Only the first answer creates the hash: give it the room's remaining life. Later answers
        -- touch no other key.
        if n == 1 then
          local t = redis.call('PTTL', ROOM)
          redis.call('PEXPIRE', ANSWERS, t > 0 and t or tonumber(ARGV[1]))
        end
        if not players then players, online = redis.call('HLEN', NAMES), redis.call('SCARD', ONLINE) end
      end
    end
  end
  out[#out + 1] = status
  if status == 'ok' then
    out[#out + 1] = n; out[#out + 1] = players; out[#out + 1] = online
  else
    out[#out + 1] = 0; out[#out + 1] = 0; out[#out + 1] = 0
  end
end
return out`;

const RECORD_ANSWER_SCRIPT = shaScript(RECORD_ANSWER);

export type AnswerStatus = 'ok' | 'duplicate' | 'closed' | 'no_room' | 'kicked' | 'no_player';

/** Four values per answer, in the order sent: status, count, players, online (0s unless 'ok'). */
export type RecordAnswersReply = (AnswerStatus | number)[];

/**
 * One RECORD_ANSWER call: `keys` (recordAnswerKeys), `head` = [ttl, index, createdAt or ''], `answers` =
 * the answers' three values each, flat (player id, at, JSON up to `"elapsedMs":`).
 */
export function recordAnswersCall(send: Send, keys: readonly string[], head: readonly string[], answers: readonly string[]): Promise<RecordAnswersReply> {
  const { sha } = RECORD_ANSWER_SCRIPT;
  const cmd = ['EVALSHA', sha, '6', keys[0], keys[1], keys[2], keys[3], keys[4], keys[5], head[0], head[1], head[2]];
  for (let i = 0; i < answers.length; i++) cmd.push(answers[i]);
  return sendEvalSha(send, RECORD_ANSWER_SCRIPT, cmd) as Promise<RecordAnswersReply>;
}
