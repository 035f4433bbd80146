/**
 * Redis RoomStore (node-redis v5). Every decision runs in one Lua script
 * (redis-scripts.ts), so several server processes can share the same rooms;
 * reads are plain commands (MULTI where several keys must agree).
 * docs/redis.md lists every key, its type, its writer and its TTL.
 *
 * Outages: 'error' events are handled (logged once per outage), the client
 * reconnects with capped exponential backoff, and while it is disconnected
 * every method rejects at once (no offline queue) with StoreUnavailableError
 * (redis-errors.ts) and ping() returns false.
 */
import { dueAt } from '../engine/clock.js';
import type { AnswerRecord, PlayerRecord, QuestionPlan, RoomState } from '../engine/types.js';
import type { AddPlayerResult, JoinRoomResult, PlayerScoreUpdate, RecordAnswerResult, RoomStore } from './types.js';
import { guardStore, withDeadline } from './redis-errors.js';
import { answersKey, dueKey, joinKeys, perPin, presenceKeys, recordAnswerKeys, roomKeys, scriptKeys, tokenKeys } from './redis-keys.js';
import { answerCoalescer } from './redis-answer-batch.js';
import { joinCoalescer } from './redis-join-batch.js';
import { JOIN_ROOMS_SCRIPT, PLAYER_BY_TOKEN, playerByTokenCall, Preloaded, roomStamp, SET_ONLINE, setOnlineCall } from './redis-join-script.js';
import { redisClient } from './redis-client.js';
import { SCRIPTS } from './redis-scripts.js';
import { deepFreeze } from '../util/freeze.js';

export interface RedisStoreOptions {
  /** Namespace of every key (default `cn:`). */
  prefix?: string;
  /** Life of a room's keys, refreshed by every transition (default 24 h). */
  defaultTtlMs?: number;
  /**
   * Deadline of each store call (default 5000 ms), also when Redis has stalled with the connection up
   * (redis-errors.ts, withDeadline); ping() uses pingTimeoutMs (default 1000 ms).
   */
  commandTimeoutMs?: number;
  pingTimeoutMs?: number;
  /** Connection attempts before createRedisStore gives up when Redis is not there at startup (default 8, ~10 s). */
  initialAttempts?: number;
  /** Called with connection errors, once per outage (the app passes its logger's warn). */
  onError: (err: Error) => void;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The score of the room in the `due` sorted set, or '' when it is not due at any time. */
function dueScore(room: RoomState): string {
  const at = dueAt(room);
  return at === null ? '' : String(at);
}

/** Where roomArgs puts the room's JSON. */
const ROOM_JSON = 5;

/** ARGV for write_room in the scripts: version, phase, index, deadline, questionCount, json, due, openedAt, createdAt, locked. */
function roomArgs(room: RoomState): string[] {
  return [
    String(room.version),
    room.phase,
    String(room.index),
    String(room.deadline),
    String(room.questionCount),
    JSON.stringify(room),
    dueScore(room),
    String(room.openedAt),
    String(room.createdAt),
    room.locked ? '1' : '0',
  ];
}

function range(n: number): number[] {
  return Array.from({ length: Math.max(0, n) }, (_, i) => i);
}

type ScoreFields = Omit<PlayerScoreUpdate, 'id'>;

/**
 * Closes a node-redis client: close() lets the commands already sent get their replies, and after
 * `forceAfterMs` without them (Redis down, stalled, or a command queued for a reconnect that close()
 * has called off, so the reply never comes) the client is destroyed. Resolves by then at the latest.
 * close() has already marked the client closed, so destroy() throws ClientClosedError after it has
 * rejected the waiting commands and before it reaches the socket: that throw is expected here (uncaught,
 * it left this promise pending for good: a shutdown that never ended). unref() keeps a socket that is
 * still open from holding the process; it is dropped when its last reply arrives or Redis goes.
 */
export async function closeClient(
  client: { isOpen: boolean; close(): Promise<unknown>; destroy(): void; unref(): void },
  forceAfterMs = 2000,
): Promise<void> {
  if (!client.isOpen) return;
  let timer: NodeJS.Timeout | undefined;
  const forced = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      try {
        client.destroy();
      } catch {
        // ClientClosedError, see above.
      }
      client.unref();
      resolve();
    }, forceAfterMs);
  });
  await Promise.race([client.close().catch(() => {}), forced]);
  clearTimeout(timer);
}

/** A player is its record as joined, overlaid with its latest scores, kick and rank. */
function mergePlayer(base: string, score: string | null | undefined, kicked: boolean, rank: string | null | undefined): PlayerRecord {
  const p = JSON.parse(base) as PlayerRecord;
  if (score) {
    const s = JSON.parse(score) as ScoreFields;
    p.score = s.score;
    p.streak = s.streak;
    p.correct = s.correct;
    p.correctTimeMs = s.correctTimeMs;
    if (s.last === undefined) delete p.last;
    else p.last = s.last;
  }
  if (kicked) p.kicked = true;
  if (rank !== null && rank !== undefined) p.rank = Number(rank);
  return p;
}

export async function createRedisStore(url: string, opts: RedisStoreOptions): Promise<RoomStore> {
  const prefix = opts.prefix ?? 'cn:';
  const ttl = String(opts.defaultTtlMs ?? DAY_MS);
  const pingTimeout = opts.pingTimeoutMs ?? 1000;
  const initialAttempts = opts.initialAttempts ?? 8;
  const report = opts.onError;
  let everReady = false;
  let outageReported = false;

  const client = redisClient({
    url,
    scripts: SCRIPTS,
    disableOfflineQueue: true,
    // No per-command `commandOptions.timeout`: node-redis makes it an AbortSignal.timeout per command,
    // whose timer fires (a DOMException, an abort event) seconds after the reply came, for every
    // command: ~14 µs each plus garbage, 2,000 of them in a 2,000-answer burst (docs/performance-history.md,
    // session 20). guardStore's deadline below bounds every store call instead (one timer for the calls in flight).
    socket: {
      connectTimeout: 2000,
      reconnectStrategy(retries: number, cause: Error) {
        if (!everReady && retries >= initialAttempts) return new Error(`Redis unreachable at startup: ${cause.message}`);
        // 100, 200, 400 ... capped at 2 s, with jitter so processes do not reconnect in lockstep.
        return Math.min(100 * 2 ** retries, 2000) + Math.floor(Math.random() * 100);
      },
    },
  });
  client.on('error', (err: Error) => {
    if (outageReported) return;
    outageReported = true;
    report(err);
  });
  client.on('ready', () => {
    everReady = true;
    outageReported = false;
  });
  await client.connect();

  const keys = (pin: string) => roomKeys(prefix, pin);
  const send = (cmd: string[]) => client.sendCommand(cmd);
  /**
   * The key lists of recordAnswer (by PIN and question index) and of the seat's scripts (joinRoom,
   * setOnline, getPlayerByToken; by PIN): the same strings
   * for every call, built once rather than per call (perPin, bounded).
   */
  const answerKeyLists = perPin((): string[][] => []);
  const recordAnswers = answerCoalescer(send, ttl);
  const answerScriptKeys = (pin: string, index: number): string[] => (answerKeyLists(pin)[index] ??= recordAnswerKeys(prefix, pin, index));
  const joinScriptKeys = perPin((pin) => [joinKeys(prefix, pin), presenceKeys(prefix, pin), tokenKeys(prefix, pin)]);
  /**
   * Per PIN, the room this process last wrote (createRoom, updateRoom) or had back from a join: its stamp
   * (roomStamp), its JSON and, once a join needs it, the room parsed from that JSON, frozen. A join sends the
   * stamp and JOIN_ROOMS leaves the JSON out of its reply while the room is still that one: the joins into a
   * lobby whose room this process wrote (its host's) share the held room, and Redis sends ~20 bytes back
   * instead of the room's ~1.5 KB. A join whose reply carries the JSON (another process wrote the room, or it
   * moved on meanwhile) holds that room in turn, so the joins after it send its stamp; the ones whose reply
   * carries the same JSON share one parse. A held room is replaced, never changed: a join returns the room
   * whose stamp it sent when JOIN_ROOMS says the room is still that one.
   */
  type Held = { stamp: string; json: string; room?: RoomState };
  const heldRooms = perPin((): { held?: Held } => ({}));
  const hold = (pin: string, stamp: string, json: string) => void (heldRooms(pin).held = { stamp, json });
  const heldRoom = (h: Held): RoomState => (h.room ??= deepFreeze(JSON.parse(h.json) as RoomState));
  const joinedRoom = (pin: string, json: string): RoomState => {
    const slot = heldRooms(pin);
    if (slot.held?.json === json) return heldRoom(slot.held);
    const room = deepFreeze(JSON.parse(json) as RoomState);
    slot.held = { stamp: roomStamp(room), json, room };
    return room;
  };
  /** The seat's scripts, each loaded ahead of its first call on every connection (Preloaded). */
  const joinScript = new Preloaded(send, JOIN_ROOMS_SCRIPT);
  /** The joins of one event-loop turn into one PIN go to Redis as one JOIN_ROOMS call (redis-join-batch.ts). */
  const joins = joinCoalescer(joinScript.send, ttl);
  const tokenScript = new Preloaded(send, PLAYER_BY_TOKEN);
  const onlineScript = new Preloaded(send, SET_ONLINE);
  client.on('ready', () => {
    joinScript.reset();
    tokenScript.reset();
    onlineScript.reset();
  });

  async function getPlayerById(pin: string, id: string): Promise<PlayerRecord | null> {
    const k = keys(pin);
    const [base, score, kicked, rank] = (await client
      .multi()
      .hGet(k.players, id)
      .hGet(k.pscore, id)
      .sIsMember(k.kicked, id)
      .hGet(k.ranks, id)
      .exec()) as unknown as [string | null, string | null, number, string | null];
    return base ? mergePlayer(base, score, Number(kicked) === 1, rank) : null;
  }

  return guardStore({
    async createRoom(room: RoomState, questions: QuestionPlan) {
      const pin = room.pin;
      const n = Math.max(room.questionCount, questions.ids.length);
      const fields = roomArgs(room);
      const args = [ttl, pin, ...fields, JSON.stringify(questions)];
      const created = (await client.cnCreateRoom(scriptKeys(prefix, pin, range(n)), args)) === 1;
      if (created) hold(pin, roomStamp(room), fields[ROOM_JSON]);
      return created;
    },

    async getRoom(pin) {
      const json = await client.hGet(keys(pin).room, 'json');
      return json ? (JSON.parse(json) as RoomState) : null;
    },

    async getQuestions(pin) {
      const json = await client.get(keys(pin).questions);
      return json ? (JSON.parse(json) as QuestionPlan) : null;
    },

    async updateRoom(pin, expectedVersion, next) {
      const fields = roomArgs(next);
      const args = [ttl, pin, String(expectedVersion), ...fields];
      const updated = (await client.cnUpdateRoom(scriptKeys(prefix, pin), args)) === 1;
      if (updated) hold(pin, roomStamp(next), fields[ROOM_JSON]);
      return updated;
    },

    async addPlayer(pin, player, maxPlayers): Promise<AddPlayerResult> {
      const args = [ttl, pin, player.id, player.key, player.token, JSON.stringify(player), String(maxPlayers), String(player.score)];
      const [status, players] = (await client.cnAddPlayer(scriptKeys(prefix, pin), args)) as [AddPlayerResult['status'], number?];
      return status === 'ok' ? { status, players: Number(players) } : { status };
    },

    joinRoom(pin, player, maxPlayers): Promise<JoinRoomResult> {
      // The room held when the join goes out: the one JOIN_ROOMS's reply means when it leaves the JSON out.
      // Not async: one reaction waits for the reply, not two async frames (redis-sha.ts, evalShaThen).
      const held = heldRooms(pin).held;
      return joins(joinScriptKeys(pin)[0], maxPlayers, held?.stamp ?? '', player, (status, players, online, json): JoinRoomResult => {
        if (status !== 'ok') return { status };
        const room = json === undefined ? heldRoom(held!) : joinedRoom(pin, json);
        return { status: 'ok', players, online, room };
      });
    },

    getPlayer: getPlayerById,

    async getPlayerByToken(pin, token) {
      const r = await playerByTokenCall(tokenScript.send, joinScriptKeys(pin)[2], token);
      return r.length === 0 ? null : mergePlayer(r[0], r[1], Number(r[2]) === 1, r[3]);
    },

    async listPlayers(pin) {
      const k = keys(pin);
      const [order, players, scores, kicked, ranks] = (await client
        .multi()
        .lRange(k.order, 0, -1)
        .hGetAll(k.players)
        .hGetAll(k.pscore)
        .sMembers(k.kicked)
        .hGetAll(k.ranks)
        .exec()) as unknown as [string[], Record<string, string>, Record<string, string>, string[], Record<string, string>];
      const kickedSet = new Set(kicked);
      const out: PlayerRecord[] = [];
      for (const id of order) {
        const base = players[id];
        if (base) out.push(mergePlayer(base, scores[id], kickedSet.has(id), ranks[id]));
      }
      return out;
    },

    async playerCount(pin) {
      return client.hLen(keys(pin).names);
    },

    async removeFromLobby(pin, playerId) {
      return (await client.cnRemoveFromLobby(scriptKeys(prefix, pin), [ttl, pin, playerId])) === 1;
    },

    async kickPlayer(pin, playerId) {
      for (let attempt = 0; attempt < 5; attempt++) {
        const index = Number((await client.hGet(keys(pin).room, 'index')) ?? -1);
        const res = await client.cnKickPlayer(scriptKeys(prefix, pin, [Math.max(0, index)]), [ttl, pin, playerId, String(index)]);
        if (res !== -1) return res === 1;
      }
      throw new Error('kickPlayer: the room kept moving on');
    },

    async recordAnswer(pin, index, answer, createdAt): Promise<RecordAnswerResult> {
      // The script appends elapsedMs and the closing brace: the three fields of a new answer go in, in
      // the order JSON.stringify({ playerId, answer, at }) writes them. The answers of one event-loop
      // turn to one question go to Redis as one call (redis-answer-batch.ts), each with its own result.
      const json = `{"playerId":${JSON.stringify(answer.playerId)},"answer":${JSON.stringify(answer.answer)},"at":${JSON.stringify(answer.at)},"elapsedMs":`;
      const game = createdAt === undefined ? '' : String(createdAt);
      const r = await recordAnswers(answerScriptKeys(pin, index), String(index), game, answer.playerId, String(answer.at), json);
      return r.status === 'ok' ? r : { status: r.status };
    },

    async setOnline(pin, playerId, online) {
      const [changed, count, players] = await setOnlineCall(onlineScript.send, joinScriptKeys(pin)[1], [ttl, playerId, online ? '1' : '0']);
      return { changed: Number(changed) === 1, online: Number(count), players: Number(players) };
    },

    async onlinePlayers(pin) {
      return client.sMembers(keys(pin).online);
    },

    async unansweredOnline(pin, index) {
      return Number(await client.cnUnansweredOnline(scriptKeys(prefix, pin, [index]), [ttl, pin]));
    },

    async restartRoom(pin, expectedVersion, next, questions) {
      const qc = await client.hGet(keys(pin).room, 'qc');
      const old = qc === null ? 0 : Number(qc);
      const args = [ttl, pin, String(expectedVersion), ...roomArgs(next), JSON.stringify(questions)];
      return (await client.cnRestartRoom(scriptKeys(prefix, pin, range(old)), args)) === 1;
    },

    async getAnswer(pin, index, playerId) {
      const json = await client.hGet(answersKey(prefix, pin, index), playerId);
      return json ? (JSON.parse(json) as AnswerRecord) : null;
    },

    async getAnswers(pin, index) {
      const values = await client.hVals(answersKey(prefix, pin, index));
      // Hash order is not insertion order once a hash grows: sort by arrival.
      return values.map((v) => JSON.parse(v) as AnswerRecord).sort((a, b) => a.at - b.at);
    },

    async answerCount(pin, index) {
      return client.hLen(answersKey(prefix, pin, index));
    },

    async commitScores(pin, expectedVersion, next, updates) {
      const args = [ttl, pin, String(expectedVersion), ...roomArgs(next)];
      for (const u of updates) {
        const fields: ScoreFields = { score: u.score, streak: u.streak, correct: u.correct, correctTimeMs: u.correctTimeMs, last: u.last };
        args.push(u.id, JSON.stringify(fields), String(u.score));
      }
      return (await client.cnCommitScores(scriptKeys(prefix, pin), args)) === 1;
    },

    async setRanks(pin, ranks) {
      const args = [ttl, pin, ...ranks.flatMap((r) => [r.id, String(r.rank)])];
      await client.cnSetRanks(scriptKeys(prefix, pin), args);
    },

    async dueRooms(now) {
      const pins = await client.zRangeByScore(dueKey(prefix), '-inf', now, { LIMIT: { offset: 0, count: 1000 } });
      const alive = await Promise.all(pins.map((pin) => client.cnCheckDue(scriptKeys(prefix, pin), [ttl, pin])));
      return pins.filter((_, i) => alive[i] === 1);
    },

    async expireRoom(pin, ttlMs) {
      const qc = await client.hGet(keys(pin).room, 'qc');
      const n = qc === null ? 0 : Number(qc);
      await client.cnExpireRoom(scriptKeys(prefix, pin, range(n)), [String(Math.max(0, Math.floor(ttlMs))), pin]);
    },

    async ping() {
      if (!client.isReady) return false;
      try {
        const reply: unknown = await withDeadline(client.sendCommand(['PING'], { timeout: pingTimeout }), pingTimeout, 'PING');
        return reply === 'PONG';
      } catch {
        return false;
      }
    },

    async close() {
      await closeClient(client);
    },
  }, opts.commandTimeoutMs ?? 5000);
}
