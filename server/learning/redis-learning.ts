/**
 * Redis LearningStore. Keys (docs/redis.md), all under the store's prefix:
 *   rlog:{reportId}    hash  question index -> JSON QuestionLog        TTL reportTtlMs, refreshed by each write
 *   report:{reportId}  string JSON ReportMeta (written at game end)    TTL reportTtlMs
 *   weak:{deviceId}    hash  "deckId:questionId" -> "missedAt:streak"  TTL weakTtlMs, refreshed by each outcome
 *   practice:{token}   hash  v (version), json (PracticeSession)     TTL practiceTtlMs, refreshed by each move
 * A report's two keys share the hash tag {reportId}. Weak-spot updates and practice moves are Lua scripts.
 */
import { defineScript, type CommandParser } from 'redis';
import { WEAK_SPOT_CLEAR_STREAK, type WeakSpot } from '../../shared/learning.js';
import { guardStore } from '../store/redis-errors.js';
import { closeClient } from '../store/redis.js';
import { redisClient } from '../store/redis-client.js';
import type { PracticeSession } from './practice.js';
import { DEFAULT_LEARNING_TTLS, type LearningStore, type LearningTtls } from './store.js';
import type { QuestionLog, ReportMeta } from './types.js';
import { mostRecentFirst, weakKey } from './weak.js';

/** ARGV: ttl, clear streak, then triples (field, full credit 1|0, at). The rule of weak.ts. */
const RECORD_OUTCOMES = `
local ttl, clear = tonumber(ARGV[1]), tonumber(ARGV[2])
for i = 3, #ARGV, 3 do
  local f, full, at = ARGV[i], ARGV[i + 1], ARGV[i + 2]
  if full == '0' then
    redis.call('HSET', KEYS[1], f, at .. ':0')
  else
    local v = redis.call('HGET', KEYS[1], f)
    if v then
      local sep = string.find(v, ':', 1, true)
      local streak = tonumber(string.sub(v, sep + 1)) + 1
      if streak >= clear then redis.call('HDEL', KEYS[1], f)
      else redis.call('HSET', KEYS[1], f, string.sub(v, 1, sep - 1) .. ':' .. streak) end
    end
  end
end
if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('PEXPIRE', KEYS[1], ttl) end
return 1`;

/** ARGV: ttl, version, json. */
const CREATE_PRACTICE = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'v', ARGV[2], 'json', ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return 1`;

/** ARGV: ttl, expected version, new version, json. */
const UPDATE_PRACTICE = `
local v = redis.call('HGET', KEYS[1], 'v')
if not v or tonumber(v) ~= tonumber(ARGV[2]) then return 0 end
redis.call('HSET', KEYS[1], 'v', ARGV[3], 'json', ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return 1`;

function script(body: string) {
  return defineScript({
    SCRIPT: body,
    parseCommand(parser: CommandParser, keys: string[], args: (string | number)[]) {
      parser.push(String(keys.length));
      for (const k of keys) parser.pushKey(k);
      parser.push(...args.map(String));
    },
    transformReply: (reply: unknown) => reply as number,
  });
}

const SCRIPTS = {
  cnRecordOutcomes: script(RECORD_OUTCOMES),
  cnCreatePractice: script(CREATE_PRACTICE),
  cnUpdatePractice: script(UPDATE_PRACTICE),
};

export interface RedisLearningOptions extends Partial<LearningTtls> {
  prefix?: string;
  onError?: (err: Error) => void;
}

export async function createRedisLearningStore(url: string, opts: RedisLearningOptions = {}): Promise<LearningStore> {
  const prefix = opts.prefix ?? 'cn:';
  const ttl = { ...DEFAULT_LEARNING_TTLS, ...Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined)) } as LearningTtls;
  let everReady = false;
  let reported = false;
  const client = redisClient({
    url,
    scripts: SCRIPTS,
    disableOfflineQueue: true,
    // No per-command `commandOptions.timeout`: node-redis makes it an AbortSignal.timeout per command whose
    // timer fires seconds after every reply; guardStore (below) gives every store call its own deadline.
    socket: {
      connectTimeout: 2000,
      reconnectStrategy(retries: number, cause: Error) {
        if (!everReady && retries >= 8) return new Error(`Redis unreachable at startup: ${cause.message}`);
        return Math.min(100 * 2 ** retries, 2000) + Math.floor(Math.random() * 100);
      },
    },
  });
  client.on('error', (err: Error) => {
    if (reported) return;
    reported = true;
    (opts.onError ?? ((e: Error) => console.warn(`[redis learning] ${e.message}`)))(err);
  });
  client.on('ready', () => {
    everReady = true;
    reported = false;
  });
  await client.connect();

  const k = {
    log: (id: string) => `${prefix}rlog:{${id}}`,
    meta: (id: string) => `${prefix}report:{${id}}`,
    weak: (device: string) => `${prefix}weak:{${device}}`,
    practice: (token: string) => `${prefix}practice:{${token}}`,
  };

  const store: LearningStore = {
    async logQuestion(reportId, entry) {
      await client.multi().hSet(k.log(reportId), String(entry.index), JSON.stringify(entry)).pExpire(k.log(reportId), ttl.reportTtlMs).exec();
    },
    async saveReport(meta: ReportMeta) {
      await client
        .multi()
        .set(k.meta(meta.reportId), JSON.stringify(meta), { expiration: { type: 'PX', value: ttl.reportTtlMs } })
        .pExpire(k.log(meta.reportId), ttl.reportTtlMs)
        .exec();
    },
    async getReport(reportId) {
      const [meta, log] = (await client.multi().get(k.meta(reportId)).hVals(k.log(reportId)).exec()) as unknown as [string | null, string[]];
      if (!meta) return null;
      return { meta: JSON.parse(meta) as ReportMeta, log: log.map((l) => JSON.parse(l) as QuestionLog).sort((a, b) => a.index - b.index) };
    },
    async recordOutcomes(deviceId, outcomes) {
      if (outcomes.length === 0) return;
      const args = [String(ttl.weakTtlMs), String(WEAK_SPOT_CLEAR_STREAK)];
      for (const o of outcomes) args.push(weakKey(o.deckId, o.questionId), o.credit < 1 ? '0' : '1', String(Math.round(o.at)));
      await client.cnRecordOutcomes([k.weak(deviceId)], args);
    },
    async weakSpots(deviceId) {
      const all = await client.hGetAll(k.weak(deviceId));
      const out: WeakSpot[] = Object.entries(all).map(([field, v]) => {
        const [deckId, questionId] = [field.slice(0, field.indexOf(':')), field.slice(field.indexOf(':') + 1)];
        const [missedAt, rightStreak] = v.split(':').map(Number);
        return { deckId, questionId, missedAt, rightStreak };
      });
      return out.sort(mostRecentFirst);
    },
    async clearWeakSpots(deviceId) {
      await client.del(k.weak(deviceId));
    },
    async createPractice(s) {
      return (await client.cnCreatePractice([k.practice(s.token)], [String(ttl.practiceTtlMs), String(s.version), JSON.stringify(s)])) === 1;
    },
    async getPractice(token) {
      const json = await client.hGet(k.practice(token), 'json');
      return json ? (JSON.parse(json) as PracticeSession) : null;
    },
    async updatePractice(token, expectedVersion, next) {
      const args = [String(ttl.practiceTtlMs), String(expectedVersion), String(next.version), JSON.stringify(next)];
      return (await client.cnUpdatePractice([k.practice(token)], args)) === 1;
    },
    async close() {
      await closeClient(client);
    },
  };
  return guardStore(store);
}
