/**
 * The second half of the RoomStore contract (see contract.ts): answers, scores,
 * ranks, due rooms and expiry.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { AnswerRecord, RoomState } from '../../server/engine/types.js';
import type { PlayerScoreUpdate, RoomStore } from '../../server/store/types.js';
import { advance, makeAnswer, makePlayer, makePlan, makeRoom, openQuestion, seedRoom, type SeedOptions } from './fixtures.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const byAt = <T extends { at: number }>(a: T[]) => [...a].sort((x, y) => x.at - y.at);
/** What the store keeps of an answer: the answer with its time since the question opened (never below 0). */
const stamped = (a: AnswerRecord, room: RoomState): AnswerRecord => ({ ...a, elapsedMs: Math.max(0, a.at - room.openedAt) });

/** `current()` returns the store of the running test (contract.ts makes a fresh one per test). */
export function playContract(current: () => RoomStore): void {
  let store: RoomStore;
  // Runs after contract.ts's beforeEach (registered earlier in the same describe).
  beforeEach(() => {
    store = current();
  });
  const setup = (opts?: SeedOptions) => seedRoom(store, opts);

  describe('answers', () => {
    it('records answers with their count and reads them back, each stamped with its answer time', async () => {
      const { room, pin, players } = await setup({ players: ['a', 'b', 'c'], open: true });
      const answers = players.map((p, i) => makeAnswer(p.id, Date.now() + i, 'B'));
      for (let i = 0; i < answers.length; i++) {
        expect(await store.recordAnswer(pin, 0, answers[i])).toEqual({ status: 'ok', count: i + 1, players: 3, online: 0 });
      }
      expect(await store.getAnswer(pin, 0, players[1].id)).toEqual(stamped(answers[1], room));
      expect(await store.getAnswer(pin, 0, 'nobody')).toBeNull();
      expect(byAt(await store.getAnswers(pin, 0))).toEqual(answers.map((a) => stamped(a, room)));
      expect(await store.answerCount(pin, 0)).toBe(3);
      expect(await store.answerCount(pin, 1)).toBe(0);
      expect(await store.getAnswers(pin, 1)).toEqual([]);
    });

    it('reports the players in the room with each answer, kicked ones not counted', async () => {
      const { pin, players } = await setup({ players: ['a', 'b', 'c', 'd'], open: true });
      expect(await store.kickPlayer(pin, players[3].id)).toBe(true);
      expect(await store.recordAnswer(pin, 0, makeAnswer(players[0].id))).toEqual({ status: 'ok', count: 1, players: 3, online: 0 });
      await store.addPlayer(pin, makePlayer('late'), 100);
      expect(await store.recordAnswer(pin, 0, makeAnswer(players[1].id))).toEqual({ status: 'ok', count: 2, players: 4, online: 0 });
    });

    it('first answer wins; a second one is a duplicate and changes nothing', async () => {
      const { room, pin, players } = await setup({ players: ['a'], open: true });
      const first = makeAnswer(players[0].id, Date.now(), 'A');
      expect(await store.recordAnswer(pin, 0, first)).toEqual({ status: 'ok', count: 1, players: 1, online: 0 });
      expect(await store.recordAnswer(pin, 0, makeAnswer(players[0].id, Date.now(), 'B'))).toEqual({ status: 'duplicate' });
      expect(await store.getAnswer(pin, 0, players[0].id)).toEqual(stamped(first, room));
      expect(await store.answerCount(pin, 0)).toBe(1);
    });

    it('RACE: 100 concurrent answers from one player -> exactly one ok, the rest duplicates', async () => {
      const { room, pin, players } = await setup({ players: ['a'], open: true });
      const now = Date.now();
      const answers = Array.from({ length: 100 }, (_, i) => makeAnswer(players[0].id, now + (i % 5), i % 2 ? 'A' : 'B'));
      const results = await Promise.all(answers.map((a) => store.recordAnswer(pin, 0, a)));
      const ok = results.filter((r) => r.status === 'ok');
      expect(ok).toEqual([{ status: 'ok', count: 1, players: 1, online: 0 }]);
      expect(results.filter((r) => r.status === 'duplicate')).toHaveLength(99);
      expect(await store.getAnswer(pin, 0, players[0].id)).toEqual(stamped(answers[results.findIndex((r) => r.status === 'ok')], room));
      expect(await store.answerCount(pin, 0)).toBe(1);
    });

    it('RACE: 40 players answering at once get counts 1..40, each once', async () => {
      const { pin, players } = await setup({ players: Array.from({ length: 40 }, (_, i) => `p${i}`), open: true });
      const results = await Promise.all(players.map((p) => store.recordAnswer(pin, 0, makeAnswer(p.id))));
      const counts = results.map((r) => (r.status === 'ok' ? r.count : -1)).sort((a, b) => a - b);
      expect(counts).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
      expect(await store.answerCount(pin, 0)).toBe(40);
    });

    it('RACE: answers and joins racing the close — every accepted answer is read back after it, from a player listPlayers returns', async () => {
      // What the close reads (engine/close.ts counts only answers of players listPlayers returns): an answer
      // acknowledged 'ok' must be among getAnswers after the room left 'question', and its player listed.
      const { room, pin, players } = await setup({ players: Array.from({ length: 60 }, (_, i) => `p${i}`), open: true });
      const late = Array.from({ length: 20 }, (_, i) => makePlayer(`late${i}`));
      const answers = players.map((p) => store.recordAnswer(pin, 0, makeAnswer(p.id)));
      const joins = late.map((p) => store.addPlayer(pin, p, 200));
      const close = store.updateRoom(pin, room.version, advance(room, { phase: 'closing' }));
      const lateAnswers = late.map((p) => store.recordAnswer(pin, 0, makeAnswer(p.id)));
      const results = await Promise.all([...answers, ...lateAnswers]);
      expect(await close).toBe(true);
      await Promise.all(joins);
      const [listed, stored] = await Promise.all([store.listPlayers(pin), store.getAnswers(pin, 0)]);
      const listedIds = new Set(listed.map((p) => p.id));
      const okIds = [...players, ...late].filter((_, i) => results[i].status === 'ok').map((p) => p.id);
      expect(okIds.length).toBeGreaterThan(0);
      expect(stored.map((a) => a.playerId).sort()).toEqual(okIds.sort());
      for (const id of okIds) expect(listedIds.has(id), id).toBe(true);
      expect(listed).toHaveLength(80);
      // After the close nothing more is accepted.
      expect(await store.recordAnswer(pin, 0, makeAnswer(players[0].id))).toEqual({ status: 'closed' });
    });

    it('refuses an answer before openedAt (the get-ready beat), accepts one at it', async () => {
      const { room, pin, players } = await setup({ players: ['a', 'b'] });
      const openedAt = Date.now() + 3000;
      expect(await store.updateRoom(pin, room.version, advance(room, { phase: 'question', index: 0, openedAt, deadline: openedAt + 10_000 }))).toBe(true);
      expect(await store.recordAnswer(pin, 0, makeAnswer(players[0].id, openedAt - 1))).toEqual({ status: 'closed' });
      expect(await store.recordAnswer(pin, 0, makeAnswer(players[1].id, openedAt))).toMatchObject({ status: 'ok', count: 1 });
      expect(await store.answerCount(pin, 0)).toBe(1);
    });

    it('checks the answer window before the player, the same on every store: closed, not kicked or unknown, before openedAt', async () => {
      const { room, pin, players } = await setup({ players: ['a', 'b'] });
      const openedAt = Date.now() + 3000;
      expect(await store.updateRoom(pin, room.version, advance(room, { phase: 'question', index: 0, openedAt, deadline: openedAt + 10_000 }))).toBe(true);
      expect(await store.kickPlayer(pin, players[0].id)).toBe(true);
      expect(await store.recordAnswer(pin, 0, makeAnswer(players[0].id, openedAt - 1))).toEqual({ status: 'closed' });
      expect(await store.recordAnswer(pin, 0, makeAnswer('nobody', openedAt - 1))).toEqual({ status: 'closed' });
      expect(await store.recordAnswer(pin, 0, makeAnswer(players[0].id, openedAt))).toEqual({ status: 'kicked' });
    });

    it('accepts an answer at the deadline, refuses one after it', async () => {
      const deadline = Date.now() + 10_000;
      const { pin, players } = await setup({ players: ['a', 'b'], open: true, deadline });
      expect(await store.recordAnswer(pin, 0, makeAnswer(players[0].id, deadline))).toMatchObject({ status: 'ok', count: 1 });
      expect(await store.recordAnswer(pin, 0, makeAnswer(players[1].id, deadline + 1))).toEqual({ status: 'closed' });
      expect(await store.answerCount(pin, 0)).toBe(1);
    });

    it('refuses answers outside the open question: lobby, wrong index, after a phase change, unknown room', async () => {
      const { room, pin, players } = await setup({ players: ['a'] });
      const a = makeAnswer(players[0].id);
      expect(await store.recordAnswer(pin, -1, a)).toEqual({ status: 'closed' });
      expect(await store.recordAnswer(pin, 0, a)).toEqual({ status: 'closed' });
      const open = openQuestion(room, 1);
      expect(await store.updateRoom(pin, room.version, open)).toBe(true);
      expect(await store.recordAnswer(pin, 0, a)).toEqual({ status: 'closed' });
      expect(await store.recordAnswer(pin, 2, a)).toEqual({ status: 'closed' });
      const closing = advance(open, { phase: 'closing' });
      expect(await store.updateRoom(pin, open.version, closing)).toBe(true);
      expect(await store.recordAnswer(pin, 1, makeAnswer(players[0].id))).toEqual({ status: 'closed' });
      expect(await store.updateRoom(pin, closing.version, advance(closing, { phase: 'reveal' }))).toBe(true);
      expect(await store.recordAnswer(pin, 1, makeAnswer(players[0].id))).toEqual({ status: 'closed' });
      expect(await store.answerCount(pin, 0)).toBe(0);
      expect(await store.answerCount(pin, 1)).toBe(0);
      expect(await store.recordAnswer('999999', 0, a)).toEqual({ status: 'no_room' });
    });

    it('keeps answers of different questions apart', async () => {
      const { room, pin, players } = await setup({ players: ['a'], open: true });
      const a0 = makeAnswer(players[0].id, Date.now(), 'A');
      expect(await store.recordAnswer(pin, 0, a0)).toMatchObject({ status: 'ok', count: 1 });
      const q1 = openQuestion(room, 1);
      expect(await store.updateRoom(pin, room.version, q1)).toBe(true);
      const a1 = makeAnswer(players[0].id, Date.now(), 'B');
      expect(await store.recordAnswer(pin, 1, a1)).toMatchObject({ status: 'ok', count: 1 });
      expect(await store.getAnswers(pin, 0)).toEqual([stamped(a0, room)]);
      expect(await store.getAnswers(pin, 1)).toEqual([stamped(a1, q1)]);
    });

    it('stamps elapsedMs against the openedAt of the moment: a resume moves it, exact to the bit; nothing before openedAt', async () => {
      const { room, pin, players } = await setup({ players: ['a', 'b', 'c', 'd'] });
      const opened = 1_700_000_000_123;
      const open = advance(room, { phase: 'question', index: 0, openedAt: opened, deadline: opened + 60_000 });
      expect(await store.updateRoom(pin, room.version, open)).toBe(true);
      const a = makeAnswer(players[0].id, opened + 4567);
      const early = makeAnswer(players[1].id, opened - 250);
      const odd = makeAnswer(players[2].id, opened + 0.1 + 0.2);
      for (const x of [a, odd]) expect(await store.recordAnswer(pin, 0, x)).toMatchObject({ status: 'ok' });
      // Before openedAt (the get-ready beat, issue 14) nothing is recorded.
      expect(await store.recordAnswer(pin, 0, early)).toEqual({ status: 'closed' });
      // A pause of 10 s ended: openedAt moved forward by it (engine/clock.ts resumeClock).
      const resumed = advance(open, { openedAt: opened + 10_000, deadline: opened + 70_000 });
      expect(await store.updateRoom(pin, open.version, resumed)).toBe(true);
      const late = makeAnswer(players[3].id, opened + 15_000);
      expect(await store.recordAnswer(pin, 0, late)).toMatchObject({ status: 'ok', count: 3 });
      const byPlayer = new Map((await store.getAnswers(pin, 0)).map((x) => [x.playerId, x]));
      expect(byPlayer.get(players[0].id)).toEqual({ ...a, elapsedMs: 4567 });
      expect(byPlayer.has(players[1].id)).toBe(false);
      expect(byPlayer.get(players[2].id)).toEqual({ ...odd, elapsedMs: odd.at - opened });
      expect(byPlayer.get(players[3].id)).toEqual({ ...late, elapsedMs: 5000 });
    });

    it('with a createdAt, records only in that game: an earlier game on the same PIN is closed', async () => {
      const { room, pin, players } = await setup({ players: ['a', 'b'], open: true });
      expect(await store.recordAnswer(pin, 0, makeAnswer(players[0].id), room.createdAt - 1)).toEqual({ status: 'closed' });
      expect(await store.answerCount(pin, 0)).toBe(0);
      expect(await store.recordAnswer(pin, 0, makeAnswer(players[0].id), room.createdAt)).toMatchObject({ status: 'ok', count: 1 });
      expect(await store.recordAnswer(pin, 0, makeAnswer(players[1].id))).toMatchObject({ status: 'ok', count: 2 });
    });
  });

  describe('scores and ranks', () => {
    function updatesFor(ids: string[], round: number): PlayerScoreUpdate[] {
      return ids.map((id, i) => ({
        id,
        score: 1000 * round + i,
        streak: round,
        correct: round,
        correctTimeMs: 1234.5 * round,
        last: { index: round - 1, answered: true, answer: { type: 'multi', options: [] }, credit: 1 / 3, correct: false, points: i, score: 1000 * round + i, streak: round, rank: i + 1, players: ids.length },
      }));
    }

    it('commits the room and every score together', async () => {
      const { room, pin, players } = await setup({ players: ['a', 'b', 'c'], open: true });
      const next = advance(room, { phase: 'reveal', leaderboard: [{ id: players[0].id, name: 'a', score: 1000, rank: 1, previousRank: 2, correct: 1, streak: 1 }] });
      const updates = updatesFor(players.map((p) => p.id), 1);
      expect(await store.commitScores(pin, room.version, next, updates)).toBe(true);
      expect(await store.getRoom(pin)).toEqual(next);
      const listed = await store.listPlayers(pin);
      players.forEach((p, i) => {
        const { id: _id, ...fields } = updates[i];
        expect(listed[i]).toEqual({ ...p, ...fields });
      });
      expect(await store.getPlayer(pin, players[2].id)).toEqual(listed[2]);
      expect(await store.getPlayerByToken(pin, players[2].token)).toEqual(listed[2]);
    });

    it('commits every score of a big room, also of a player kicked since the close read them, and none for an unknown id', async () => {
      // 1,201 players: more than one slice of the Redis script's bulk writes (500 players each).
      const { room, pin } = await setup({ open: true });
      const players = Array.from({ length: 1201 }, (_, i) => makePlayer(`p${i}`));
      const joined = await Promise.all(players.map((p) => store.addPlayer(pin, p, 5000)));
      expect(joined.filter((j) => j.status === 'ok')).toHaveLength(1201);
      expect(await store.kickPlayer(pin, players[700].id)).toBe(true);
      const updates = updatesFor([...players.map((p) => p.id), 'nobody'], 2);
      expect(await store.commitScores(pin, room.version, advance(room, { phase: 'reveal' }), updates)).toBe(true);
      const listed = await store.listPlayers(pin);
      expect(listed).toHaveLength(1201);
      listed.forEach((p, i) => {
        const { id: _id, ...fields } = updates[i];
        expect(p).toEqual({ ...players[i], ...fields, ...(i === 700 ? { kicked: true } : {}) });
      });
      expect(await store.getPlayer(pin, 'nobody')).toBeNull();
      expect(await store.playerCount(pin)).toBe(1200);
    });

    it('writes nothing on a stale version (all or nothing)', async () => {
      const { room, pin, players } = await setup({ players: ['a', 'b'], open: true });
      const moved = advance(room, { phase: 'closing' });
      expect(await store.updateRoom(pin, room.version, moved)).toBe(true);
      const ok = await store.commitScores(pin, room.version, advance(room, { phase: 'reveal' }), updatesFor([players[0].id, players[1].id], 1));
      expect(ok).toBe(false);
      expect(await store.getRoom(pin)).toEqual(moved);
      expect(await store.listPlayers(pin)).toEqual(players);
    });

    it('RACE: 10 concurrent commits at the same version -> exactly one applies', async () => {
      const { room, pin, players } = await setup({ players: ['a', 'b'], open: true });
      const ids = players.map((p) => p.id);
      const rounds = Array.from({ length: 10 }, (_, i) => i + 1);
      const results = await Promise.all(rounds.map((r) => store.commitScores(pin, room.version, advance(room, { phase: 'reveal', deckTitle: `r${r}` }), updatesFor(ids, r))));
      expect(results.filter(Boolean)).toHaveLength(1);
      const winner = rounds[results.indexOf(true)];
      expect((await store.getRoom(pin))?.deckTitle).toBe(`r${winner}`);
      expect((await store.listPlayers(pin)).map((p) => p.score)).toEqual(updatesFor(ids, winner).map((u) => u.score));
    });

    it('sets ranks, idempotently, and ignores unknown players', async () => {
      const { pin, players } = await setup({ players: ['a', 'b'] });
      const ranks = [{ id: players[0].id, rank: 2 }, { id: players[1].id, rank: 1 }, { id: 'nobody', rank: 3 }];
      await store.setRanks(pin, ranks);
      await store.setRanks(pin, ranks);
      expect((await store.listPlayers(pin)).map((p) => p.rank)).toEqual([2, 1]);
      expect(await store.getPlayer(pin, players[1].id)).toEqual({ ...players[1], rank: 1 });
      expect(await store.getPlayer(pin, 'nobody')).toBeNull();
      await store.setRanks('999999', ranks);
    });
  });

  describe('due rooms and expiry', () => {
    it('lists rooms whose question is past its deadline or whose close is unfinished', async () => {
      const now = Date.now();
      const past = await setup({ open: true, deadline: now - 1000 });
      const future = await setup({ open: true, deadline: now + 60_000 });
      const lobby = await setup();
      const closing = await setup();
      const closingState = advance(closing.room, { phase: 'closing', updatedAt: now - 10 });
      expect(await store.updateRoom(closing.pin, closing.room.version, closingState)).toBe(true);
      const due = await store.dueRooms(now);
      expect(due.sort()).toEqual([past.pin, closing.pin].sort());
      expect(await store.dueRooms(now + 120_000)).toEqual(expect.arrayContaining([past.pin, future.pin, closing.pin]));
      expect(await store.dueRooms(now + 120_000)).not.toContain(lobby.pin);
      // Closing the past room (commit to reveal) and the closing one takes them off the list.
      expect(await store.commitScores(past.pin, past.room.version, advance(past.room, { phase: 'reveal' }), [])).toBe(true);
      expect(await store.updateRoom(closing.pin, closingState.version, advance(closingState, { phase: 'reveal' }))).toBe(true);
      expect(await store.dueRooms(now)).toEqual([]);
    });

    it('tracks a room created directly in a question', async () => {
      const room = makeRoom({ phase: 'question', index: 0, deadline: Date.now() - 1 });
      expect(await store.createRoom(room, makePlan())).toBe(true);
      expect(await store.dueRooms(Date.now())).toEqual([room.pin]);
    });

    it('expireRoom(0) drops everything at once, and the PIN can be used again afresh', async () => {
      const { pin, players } = await setup({ players: ['a', 'b'], open: true, deadline: Date.now() + 10_000 });
      expect(await store.recordAnswer(pin, 0, makeAnswer(players[0].id))).toMatchObject({ status: 'ok', count: 1 });
      await store.expireRoom(pin, 0);
      expect(await store.getRoom(pin)).toBeNull();
      expect(await store.getQuestions(pin)).toBeNull();
      expect(await store.listPlayers(pin)).toEqual([]);
      expect(await store.getPlayer(pin, players[0].id)).toBeNull();
      expect(await store.getPlayerByToken(pin, players[0].token)).toBeNull();
      expect(await store.playerCount(pin)).toBe(0);
      expect(await store.answerCount(pin, 0)).toBe(0);
      expect(await store.dueRooms(Date.now() + 60_000)).toEqual([]);
      const again = makeRoom({ pin });
      expect(await store.createRoom(again, makePlan())).toBe(true);
      expect(await store.addPlayer(pin, makePlayer('a'), 10)).toEqual({ status: 'ok', players: 1 });
      expect(await store.getAnswers(pin, 0)).toEqual([]);
      await store.expireRoom('999999', 0);
    });

    it('expireRoom(ttl) keeps the room until the TTL, then drops it', async () => {
      const { pin } = await setup({ players: ['a'] });
      await store.expireRoom(pin, 300);
      expect(await store.getRoom(pin)).not.toBeNull();
      expect(await store.playerCount(pin)).toBe(1);
      await sleep(600);
      expect(await store.getRoom(pin)).toBeNull();
      expect(await store.listPlayers(pin)).toEqual([]);
      expect(await store.playerCount(pin)).toBe(0);
    });
  });
}
