/**
 * The third part of the RoomStore contract (see contract.ts): presence, "new game with the
 * same players", and due rooms under the host's clock (pause, auto-advance).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { RoomStore } from '../../server/store/types.js';
import { advance, makeAnswer, makePlan, seedRoom, type SeedOptions } from './fixtures.js';

export function controlContract(current: () => RoomStore): void {
  let store: RoomStore;
  beforeEach(() => {
    store = current();
  });
  const setup = (opts?: SeedOptions) => seedRoom(store, opts);

  describe('presence', () => {
    it('marks players connected and not, reporting changes and the online count', async () => {
      const { pin, players } = await setup({ players: ['a', 'b', 'c'] });
      const [a, b] = players;
      expect(await store.setOnline(pin, a.id, true)).toEqual({ changed: true, online: 1, players: 3 });
      expect(await store.setOnline(pin, a.id, true)).toEqual({ changed: false, online: 1, players: 3 });
      expect(await store.setOnline(pin, b.id, true)).toEqual({ changed: true, online: 2, players: 3 });
      expect((await store.onlinePlayers(pin)).sort()).toEqual([a.id, b.id].sort());
      expect(await store.setOnline(pin, a.id, false)).toEqual({ changed: true, online: 1, players: 3 });
      expect(await store.setOnline(pin, a.id, false)).toEqual({ changed: false, online: 1, players: 3 });
      expect(await store.onlinePlayers(pin)).toEqual([b.id]);
    });

    it('ignores unknown and kicked players; a kick drops presence', async () => {
      const { pin, players } = await setup({ players: ['a', 'b'] });
      expect(await store.setOnline(pin, 'nobody', true)).toEqual({ changed: false, online: 0, players: 2 });
      expect(await store.setOnline('999999', players[0].id, true)).toEqual({ changed: false, online: 0, players: 0 });
      await store.setOnline(pin, players[0].id, true);
      await store.setOnline(pin, players[1].id, true);
      expect(await store.kickPlayer(pin, players[0].id)).toBe(true);
      expect(await store.onlinePlayers(pin)).toEqual([players[1].id]);
      expect(await store.setOnline(pin, players[0].id, true)).toEqual({ changed: false, online: 1, players: 1 });
    });

    it('counts connected players without an answer, and reports online with each answer', async () => {
      const { pin, players } = await setup({ players: ['a', 'b', 'c'], open: true });
      const [a, b, c] = players;
      await store.setOnline(pin, a.id, true);
      await store.setOnline(pin, b.id, true);
      expect(await store.unansweredOnline(pin, 0)).toBe(2);
      // c is offline: its answer counts but it is not waited for.
      expect(await store.recordAnswer(pin, 0, makeAnswer(c.id))).toEqual({ status: 'ok', count: 1, players: 3, online: 2 });
      expect(await store.recordAnswer(pin, 0, makeAnswer(a.id))).toEqual({ status: 'ok', count: 2, players: 3, online: 2 });
      expect(await store.unansweredOnline(pin, 0)).toBe(1);
      await store.setOnline(pin, b.id, false);
      expect(await store.unansweredOnline(pin, 0)).toBe(0);
      expect(await store.unansweredOnline(pin, 1)).toBe(1);
      expect(await store.unansweredOnline('999999', 0)).toBe(0);
    });
  });

  describe('new game with the same players', () => {
    it('resets scores, results, ranks and answers atomically; keeps players, kicks and presence', async () => {
      const { room, pin, players } = await setup({ players: ['a', 'b', 'c'], open: true });
      const [a, b, c] = players;
      await store.setOnline(pin, a.id, true);
      await store.recordAnswer(pin, 0, makeAnswer(a.id));
      const last = { index: 0, answered: true, credit: 1, correct: true, points: 900, score: 900, streak: 1, rank: 1, players: 2 };
      const reveal = advance(room, { phase: 'reveal' });
      expect(await store.commitScores(pin, room.version, reveal, [{ id: a.id, score: 900, streak: 1, correct: 1, correctTimeMs: 50, last }])).toBe(true);
      await store.setRanks(pin, [{ id: a.id, rank: 1 }, { id: b.id, rank: 2 }]);
      expect(await store.kickPlayer(pin, c.id)).toBe(true);
      const ended = advance(reveal, { phase: 'ended' });
      expect(await store.updateRoom(pin, reveal.version, ended)).toBe(true);

      const fresh = advance(ended, { phase: 'lobby', index: -1, createdAt: Date.now() + 1 });
      const qs = makePlan(2);
      expect(await store.restartRoom(pin, reveal.version, fresh, qs)).toBe(false);
      expect(await store.getRoom(pin)).toEqual(ended);
      expect(await store.restartRoom(pin, ended.version, fresh, qs)).toBe(true);
      expect(await store.getRoom(pin)).toEqual(fresh);
      expect(await store.getQuestions(pin)).toEqual(qs);
      expect(await store.getAnswers(pin, 0)).toEqual([]);
      const list = await store.listPlayers(pin);
      expect(list.map((p) => [p.id, p.score, p.streak, p.correct, p.correctTimeMs, p.last, p.rank, p.kicked])).toEqual([
        [a.id, 0, 0, 0, 0, undefined, undefined, false],
        [b.id, 0, 0, 0, 0, undefined, undefined, false],
        [c.id, 0, 0, 0, 0, undefined, undefined, true],
      ]);
      expect(await store.getPlayer(pin, a.id)).toEqual(a);
      expect(await store.onlinePlayers(pin)).toEqual([a.id]);
      expect(await store.playerCount(pin)).toBe(2);
    });
  });

  describe('due rooms under the host clock', () => {
    it('a paused question is not due; an auto-advance is due at its time', async () => {
      const now = Date.now();
      const paused = await setup({ open: true, deadline: now - 1000 });
      const p = advance(paused.room, { pause: { at: now - 1000, remainingMs: 5000 } });
      expect(await store.updateRoom(paused.pin, paused.room.version, p)).toBe(true);
      const auto = await setup();
      const rev = advance(auto.room, { phase: 'reveal', index: 0, advanceAt: now - 5 });
      expect(await store.updateRoom(auto.pin, auto.room.version, rev)).toBe(true);
      const later = await setup();
      const lb = advance(later.room, { phase: 'leaderboard', index: 0, advanceAt: now + 60_000 });
      expect(await store.updateRoom(later.pin, later.room.version, lb)).toBe(true);
      const due = await store.dueRooms(now);
      expect(due).toContain(auto.pin);
      expect(due).not.toContain(paused.pin);
      expect(due).not.toContain(later.pin);
      expect(await store.dueRooms(now + 120_000)).toContain(later.pin);
      // A paused leaderboard is not due either.
      expect(await store.updateRoom(later.pin, lb.version, advance(lb, { advanceAt: 0, pause: { at: now, remainingMs: 100 } }))).toBe(true);
      expect(await store.dueRooms(now + 120_000)).not.toContain(later.pin);
    });

    it('refuses answers received after a pause (the paused deadline)', async () => {
      const { room, pin, players } = await setup({ players: ['a', 'b'], open: true, deadline: Date.now() + 20_000 });
      const now = Date.now(); // not before the question's openedAt
      const p = advance(room, { deadline: now, pause: { at: now, remainingMs: 20_000 } });
      expect(await store.updateRoom(pin, room.version, p)).toBe(true);
      expect(await store.recordAnswer(pin, 0, makeAnswer(players[0].id, now))).toMatchObject({ status: 'ok' });
      expect(await store.recordAnswer(pin, 0, makeAnswer(players[1].id, now + 1))).toEqual({ status: 'closed' });
    });
  });
}
