/**
 * In-memory RoomStore: the embedded default when REDIS_URL is not set.
 * Every method runs to completion without awaiting in between, so each one is
 * atomic on Node's single thread. Values are cloned in and out so callers can
 * never mutate stored state by accident (the same as a real store); the room a
 * join returns is a frozen copy shared by the joins into that version of it.
 */
import { dueAt } from '../engine/clock.js';
import { deepFreeze } from '../util/freeze.js';
import { cloneData } from './clone.js';
import type { AnswerRecord, PlayerRecord, QuestionPlan, RoomState } from '../engine/types.js';
import type { AddPlayerResult, JoinRoomResult, PlayerScoreUpdate, RecordAnswerResult, RoomStore } from './types.js';

interface MemRoom {
  /** Replaced on every write (setRoom), never changed in place. */
  room: RoomState;
  /**
   * `room` copied once and frozen, the first time a join needs it: every join into that version of the room
   * shares it (as the Redis store's joins share the room it holds), instead of a copy per join. Dropped
   * when the room is written.
   */
  joined?: RoomState;
  /**
   * The question plan, copied and frozen: handed out as it is (callers cannot change it). Its ids are the
   * strings the caller gave (the loaded deck's own), so a room holds two small arrays, not a JSON copy.
   */
  questions: QuestionPlan;
  players: Map<string, PlayerRecord>;
  byKey: Map<string, string>;
  byToken: Map<string, string>;
  answers: Map<number, Map<string, AnswerRecord>>;
  online: Set<string>;
  expiry?: NodeJS.Timeout;
}

const clone = cloneData;
/** A frozen copy of a plan: the object and its arrays are new, the strings and numbers the caller's. */
const frozenPlan = (p: QuestionPlan): QuestionPlan =>
  Object.freeze({ ...p, ids: Object.freeze([...p.ids]) as string[], durationsMs: Object.freeze([...p.durationsMs]) as number[] });
const DEFAULT_TTL_MS = 24 * 60 * 60 * 1000;

export function createMemoryStore(): RoomStore {
  const rooms = new Map<string, MemRoom>();

  function touch(pin: string, r: MemRoom, ttlMs = DEFAULT_TTL_MS): void {
    if (r.expiry) clearTimeout(r.expiry);
    r.expiry = setTimeout(() => rooms.delete(pin), ttlMs);
    r.expiry.unref();
  }

  function add(r: MemRoom, player: PlayerRecord, maxPlayers: number): AddPlayerResult {
    if (r.byKey.has(player.key)) return { status: 'name_taken' };
    if (r.byKey.size >= maxPlayers) return { status: 'room_full' };
    r.players.set(player.id, clone(player));
    r.byKey.set(player.key, player.id);
    r.byToken.set(player.token, player.id);
    return { status: 'ok', players: r.byKey.size };
  }

  /** The room's next state, copied in; the joins' shared copy of the last one goes. */
  function setRoom(r: MemRoom, next: RoomState): void {
    r.room = clone(next);
    r.joined = undefined;
  }

  function isDue(room: RoomState, now: number): boolean {
    const at = dueAt(room);
    return at !== null && at <= now;
  }

  return {
    async createRoom(room, questions) {
      if (rooms.has(room.pin)) return false;
      const r: MemRoom = {
        room: clone(room),
        questions: frozenPlan(questions),
        players: new Map(),
        byKey: new Map(),
        byToken: new Map(),
        answers: new Map(),
        online: new Set(),
      };
      rooms.set(room.pin, r);
      touch(room.pin, r);
      return true;
    },
    async getRoom(pin) {
      const r = rooms.get(pin);
      return r ? clone(r.room) : null;
    },
    async getQuestions(pin) {
      const r = rooms.get(pin);
      return r ? r.questions : null;
    },
    async updateRoom(pin, expectedVersion, next) {
      const r = rooms.get(pin);
      if (!r || r.room.version !== expectedVersion) return false;
      setRoom(r, next);
      touch(pin, r);
      return true;
    },
    async addPlayer(pin, player, maxPlayers): Promise<AddPlayerResult> {
      const r = rooms.get(pin);
      return r ? add(r, player, maxPlayers) : { status: 'no_room' };
    },
    async joinRoom(pin, player, maxPlayers): Promise<JoinRoomResult> {
      const r = rooms.get(pin);
      if (!r) return { status: 'no_room' };
      if (r.room.phase === 'ended') return { status: 'ended' };
      if (r.room.locked) return { status: 'locked' };
      const added = add(r, player, maxPlayers);
      if (added.status !== 'ok') return added;
      r.online.add(player.id);
      return { status: 'ok', room: (r.joined ??= deepFreeze(clone(r.room))), players: added.players, online: r.online.size };
    },
    async getPlayer(pin, playerId) {
      const p = rooms.get(pin)?.players.get(playerId);
      return p ? clone(p) : null;
    },
    async getPlayerByToken(pin, token) {
      const r = rooms.get(pin);
      const id = r?.byToken.get(token);
      const p = id ? r?.players.get(id) : undefined;
      return p ? clone(p) : null;
    },
    async listPlayers(pin) {
      const r = rooms.get(pin);
      return r ? [...r.players.values()].map(clone) : [];
    },
    async playerCount(pin) {
      return rooms.get(pin)?.byKey.size ?? 0;
    },
    async removeFromLobby(pin, playerId) {
      const r = rooms.get(pin);
      const p = r?.players.get(playerId);
      if (!r || !p || r.room.phase !== 'lobby') return false;
      r.players.delete(playerId);
      if (r.byKey.get(p.key) === playerId) r.byKey.delete(p.key);
      r.byToken.delete(p.token);
      r.online.delete(playerId);
      return true;
    },
    async kickPlayer(pin, playerId) {
      const r = rooms.get(pin);
      const p = r?.players.get(playerId);
      if (!r || !p) return false;
      if (!p.kicked) {
        p.kicked = true;
        r.byKey.delete(p.key);
        if (r.room.phase === 'question') r.answers.get(r.room.index)?.delete(playerId);
        r.online.delete(playerId);
      }
      return true;
    },
    async setOnline(pin, playerId, online) {
      const r = rooms.get(pin);
      if (!r) return { changed: false, online: 0, players: 0 };
      const p = r.players.get(playerId);
      let changed = false;
      if (p && !p.kicked && online !== r.online.has(playerId)) {
        if (online) r.online.add(playerId);
        else r.online.delete(playerId);
        changed = true;
      }
      return { changed, online: r.online.size, players: r.byKey.size };
    },
    async onlinePlayers(pin) {
      return [...(rooms.get(pin)?.online ?? [])];
    },
    async unansweredOnline(pin, index) {
      const r = rooms.get(pin);
      if (!r) return 0;
      const answered = r.answers.get(index);
      let n = 0;
      for (const id of r.online) if (!answered?.has(id)) n++;
      return n;
    },
    async restartRoom(pin, expectedVersion, next, questions) {
      const r = rooms.get(pin);
      if (!r || r.room.version !== expectedVersion) return false;
      setRoom(r, next);
      r.questions = frozenPlan(questions);
      r.answers.clear();
      for (const p of r.players.values()) {
        Object.assign(p, { score: 0, streak: 0, correct: 0, correctTimeMs: 0 });
        delete p.last;
        delete p.rank;
      }
      touch(pin, r);
      return true;
    },
    async recordAnswer(pin, index, answer, createdAt): Promise<RecordAnswerResult> {
      const r = rooms.get(pin);
      if (!r) return { status: 'no_room' };
      const room = r.room;
      // Open from openedAt (the end of the get-ready beat) to the deadline.
      if (room.phase !== 'question' || room.index !== index || answer.at > room.deadline || answer.at < room.openedAt) return { status: 'closed' };
      if (createdAt !== undefined && room.createdAt !== createdAt) return { status: 'closed' };
      const player = r.players.get(answer.playerId);
      if (!player) return { status: 'no_player' };
      if (player.kicked) return { status: 'kicked' };
      let byPlayer = r.answers.get(index);
      if (!byPlayer) r.answers.set(index, (byPlayer = new Map()));
      if (byPlayer.has(answer.playerId)) return { status: 'duplicate' };
      const { playerId, at } = answer;
      byPlayer.set(playerId, { playerId, answer: clone(answer.answer), at, elapsedMs: Math.max(0, at - room.openedAt) });
      return { status: 'ok', count: byPlayer.size, players: r.byKey.size, online: r.online.size };
    },
    async getAnswer(pin, index, playerId) {
      const a = rooms.get(pin)?.answers.get(index)?.get(playerId);
      return a ? clone(a) : null;
    },
    async getAnswers(pin, index) {
      const m = rooms.get(pin)?.answers.get(index);
      return m ? [...m.values()].map(clone) : [];
    },
    async answerCount(pin, index) {
      return rooms.get(pin)?.answers.get(index)?.size ?? 0;
    },
    async commitScores(pin, expectedVersion, next, updates: PlayerScoreUpdate[]) {
      const r = rooms.get(pin);
      if (!r || r.room.version !== expectedVersion) return false;
      setRoom(r, next);
      for (const u of updates) {
        const p = r.players.get(u.id);
        if (!p) continue;
        p.score = u.score;
        p.streak = u.streak;
        p.correct = u.correct;
        p.correctTimeMs = u.correctTimeMs;
        p.last = clone(u.last);
      }
      touch(pin, r);
      return true;
    },
    async setRanks(pin, ranks) {
      const r = rooms.get(pin);
      if (!r) return;
      for (const { id, rank } of ranks) {
        const p = r.players.get(id);
        if (p) p.rank = rank;
      }
    },
    async dueRooms(now) {
      const due: string[] = [];
      for (const [pin, r] of rooms) if (isDue(r.room, now)) due.push(pin);
      return due;
    },
    async expireRoom(pin, ttlMs) {
      const r = rooms.get(pin);
      if (!r) return;
      if (ttlMs <= 0) {
        if (r.expiry) clearTimeout(r.expiry);
        rooms.delete(pin);
      } else touch(pin, r, ttlMs);
    },
    async ping() {
      return true;
    },
    async close() {
      for (const r of rooms.values()) if (r.expiry) clearTimeout(r.expiry);
      rooms.clear();
    },
  };
}
