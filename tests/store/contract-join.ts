/**
 * joinRoom, player:join in one atomic step (part of the RoomStore contract, see contract.ts): the room is
 * checked, the player added as addPlayer adds them and marked connected as setOnline marks them.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { RoomStore } from '../../server/store/types.js';
import { advance, caseVariants, makePlayer, seedRoom } from './fixtures.js';

export function joinContract(current: () => RoomStore): void {
  let store: RoomStore;
  beforeEach(() => {
    store = current();
  });

  describe('joinRoom', () => {
    it('adds the player, marks them connected and returns the room it read with both counts', async () => {
      const { pin, room, players } = await seedRoom(store, { players: ['Ada', 'Linus'] });
      expect((await store.setOnline(pin, players[0].id, true)).online).toBe(1);
      const grace = makePlayer('Grace', { deviceId: 'dev-1' });
      expect(await store.joinRoom(pin, grace, 10)).toEqual({ status: 'ok', room, players: 3, online: 2 });
      expect(await store.getPlayer(pin, grace.id)).toEqual(grace);
      expect(await store.getPlayerByToken(pin, grace.token)).toEqual(grace);
      expect((await store.listPlayers(pin)).map((p) => p.id)).toEqual([...players.map((p) => p.id), grace.id]);
      expect((await store.onlinePlayers(pin)).sort()).toEqual([players[0].id, grace.id].sort());
      // Already connected: presence does not change twice.
      expect(await store.setOnline(pin, grace.id, true)).toEqual({ changed: false, online: 2, players: 3 });
    });

    it('joins into one version of the room share one frozen room, not a copy each; a write gives the next joins the new room', async () => {
      const { pin, room } = await seedRoom(store);
      const [a, b] = await Promise.all([store.joinRoom(pin, makePlayer('Ada'), 10), store.joinRoom(pin, makePlayer('Bob'), 10)]);
      if (a.status !== 'ok' || b.status !== 'ok') throw new Error('the joins were refused');
      expect(a.room).toEqual(room);
      expect(b.room).toBe(a.room);
      expect(Object.isFrozen(a.room) && Object.isFrozen(a.room.settings)).toBe(true);
      // What a join returned cannot change the stored room.
      expect(() => ((a.room as { phase: string }).phase = 'ended')).toThrow(TypeError);
      expect(await store.getRoom(pin)).toEqual(room);
      const next = advance(room, { locked: false, deckTitle: 'Renamed' });
      expect(await store.updateRoom(pin, room.version, next)).toBe(true);
      const c = await store.joinRoom(pin, makePlayer('Cleo'), 10);
      if (c.status !== 'ok') throw new Error('the join was refused');
      expect(c.room).toEqual(next);
      expect(c.room).not.toBe(a.room);
      expect(a.room).toEqual(room);
    });

    it('joins into an open question too, and the new player is one of those the early close waits for', async () => {
      const { pin, room } = await seedRoom(store, { players: ['Ada'], open: true });
      const late = makePlayer('late');
      expect(await store.joinRoom(pin, late, 10)).toEqual({ status: 'ok', room, players: 2, online: 1 });
      expect(await store.unansweredOnline(pin, 0)).toBe(1);
    });

    it('refuses an unknown room, an ended room and a locked room, and adds no one', async () => {
      expect(await store.joinRoom('999999', makePlayer('Ada'), 10)).toEqual({ status: 'no_room' });
      const ended = await seedRoom(store, { players: ['Ada'] });
      expect(await store.updateRoom(ended.pin, ended.room.version, advance(ended.room, { phase: 'ended' }))).toBe(true);
      expect(await store.joinRoom(ended.pin, makePlayer('Bob'), 10)).toEqual({ status: 'ended' });
      const locked = await seedRoom(store, { players: ['Ada'] });
      expect(await store.updateRoom(locked.pin, locked.room.version, advance(locked.room, { locked: true }))).toBe(true);
      expect(await store.joinRoom(locked.pin, makePlayer('Bob'), 10)).toEqual({ status: 'locked' });
      for (const pin of [ended.pin, locked.pin]) {
        expect(await store.playerCount(pin)).toBe(1);
        expect(await store.onlinePlayers(pin)).toEqual([]);
      }
    });

    it('refuses a name taken (whatever its case) and a full room, and marks no one connected', async () => {
      const { pin } = await setupTwo();
      expect(await store.joinRoom(pin, makePlayer('ADA'), 10)).toEqual({ status: 'name_taken' });
      expect(await store.joinRoom(pin, makePlayer('Cleo'), 2)).toEqual({ status: 'room_full' });
      expect(await store.playerCount(pin)).toBe(2);
      expect(await store.onlinePlayers(pin)).toEqual([]);
    });

    it('takes the seat and the name of a kicked player, not their presence', async () => {
      const { pin, players } = await setupTwo();
      expect(await store.setOnline(pin, players[0].id, true)).toMatchObject({ changed: true, online: 1 });
      expect(await store.kickPlayer(pin, players[0].id)).toBe(true);
      const ada2 = makePlayer('aDa');
      expect(await store.joinRoom(pin, ada2, 2)).toMatchObject({ status: 'ok', players: 2, online: 1 });
      expect(await store.onlinePlayers(pin)).toEqual([ada2.id]);
    });

    it('RACE: 30 concurrent joins for 7 seats -> exactly 7 ok, each with its own counts, all 7 connected', async () => {
      const { pin } = await seedRoom(store);
      const results = await Promise.all(Array.from({ length: 30 }, (_, i) => store.joinRoom(pin, makePlayer(`p${i}`), 7)));
      const ok = results.flatMap((r) => (r.status === 'ok' ? [r] : []));
      expect(ok).toHaveLength(7);
      expect(results.filter((r) => r.status === 'room_full')).toHaveLength(23);
      // Each join read its counts in its own atomic step: 1..7, no two alike.
      expect(ok.map((r) => r.players).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7]);
      expect(ok.map((r) => r.online).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7]);
      expect(await store.onlinePlayers(pin)).toHaveLength(7);
    });

    it('RACE: 50 concurrent joins with the same name in different case -> exactly one ok, one connected', async () => {
      const { pin } = await seedRoom(store);
      const results = await Promise.all(caseVariants('quizwiz', 50).map((n) => store.joinRoom(pin, makePlayer(n), 100)));
      expect(results.filter((r) => r.status === 'ok')).toHaveLength(1);
      expect(results.filter((r) => r.status === 'name_taken')).toHaveLength(49);
      expect(await store.onlinePlayers(pin)).toHaveLength(1);
    });
  });

  async function setupTwo() {
    return seedRoom(store, { players: ['Ada', 'Linus'] });
  }
}
