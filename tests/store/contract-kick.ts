/**
 * Kicks stick (part of the RoomStore contract, see contract.ts): a kicked player's answers are refused
 * and never count towards "everyone answered", whether they answer after the kick or answered before it.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { RoomStore } from '../../server/store/types.js';
import { makeAnswer, makePlayer, seedRoom } from './fixtures.js';

export function kickContract(current: () => RoomStore): void {
  let store: RoomStore;
  beforeEach(() => {
    store = current();
  });

  describe('kicks stick', () => {
    it('refuses the answers of kicked players: three kicked players cannot close a question', async () => {
      const { pin, players } = await seedRoom(store, { players: ['a', 'b', 'c', 'k1', 'k2', 'k3'], open: true });
      for (const k of players.slice(3)) expect(await store.kickPlayer(pin, k.id)).toBe(true);
      for (const k of players.slice(3)) expect(await store.recordAnswer(pin, 0, makeAnswer(k.id))).toEqual({ status: 'kicked' });
      expect(await store.answerCount(pin, 0)).toBe(0);
      expect(await store.getAnswers(pin, 0)).toEqual([]);
      // The three real players still close it, and only they.
      expect(await store.recordAnswer(pin, 0, makeAnswer(players[0].id))).toEqual({ status: 'ok', count: 1, players: 3, online: 0 });
      expect(await store.recordAnswer(pin, 0, makeAnswer(players[1].id))).toEqual({ status: 'ok', count: 2, players: 3, online: 0 });
      expect(await store.recordAnswer(pin, 0, makeAnswer(players[2].id))).toEqual({ status: 'ok', count: 3, players: 3, online: 0 });
    });

    it('drops the open answer of a player kicked after answering, so the count matches the players', async () => {
      const { pin, players } = await seedRoom(store, { players: ['a', 'b', 'c', 'd'], open: true });
      expect(await store.recordAnswer(pin, 0, makeAnswer(players[0].id))).toMatchObject({ status: 'ok', count: 1 });
      expect(await store.kickPlayer(pin, players[0].id)).toBe(true);
      expect(await store.answerCount(pin, 0)).toBe(0);
      expect(await store.getAnswer(pin, 0, players[0].id)).toBeNull();
      // Two of the three remaining answer: not everyone yet.
      expect(await store.recordAnswer(pin, 0, makeAnswer(players[1].id))).toEqual({ status: 'ok', count: 1, players: 3, online: 0 });
      expect(await store.recordAnswer(pin, 0, makeAnswer(players[2].id))).toEqual({ status: 'ok', count: 2, players: 3, online: 0 });
      expect(await store.recordAnswer(pin, 0, makeAnswer(players[0].id))).toEqual({ status: 'kicked' });
    });

    it('refuses an answer from an id that is not a player of the room', async () => {
      const { pin } = await seedRoom(store, { players: ['a'], open: true });
      expect(await store.recordAnswer(pin, 0, makeAnswer('not-a-player'))).toEqual({ status: 'no_player' });
      expect(await store.answerCount(pin, 0)).toBe(0);
    });

    it('a kick in the lobby leaves no answers behind and still refuses later answers', async () => {
      const { pin, players, room } = await seedRoom(store, { players: ['a', 'b'] });
      expect(await store.kickPlayer(pin, players[1].id)).toBe(true);
      const open = { ...room, version: room.version + 1, phase: 'question' as const, index: 0, openedAt: Date.now(), deadline: Date.now() + 20_000 };
      expect(await store.updateRoom(pin, room.version, open)).toBe(true);
      expect(await store.recordAnswer(pin, 0, makeAnswer(players[1].id))).toEqual({ status: 'kicked' });
      expect(await store.recordAnswer(pin, 0, makeAnswer(players[0].id))).toEqual({ status: 'ok', count: 1, players: 1, online: 0 });
    });
  });

  describe('removeFromLobby (a phone gone for good)', () => {
    it('frees the name, the seat and the token in the lobby, and lists the player no more', async () => {
      const { pin, players } = await seedRoom(store, { players: ['Ada', 'Bob'] });
      expect(await store.removeFromLobby(pin, players[0].id)).toBe(true);
      expect(await store.getPlayer(pin, players[0].id)).toBeNull();
      expect(await store.getPlayerByToken(pin, players[0].token)).toBeNull();
      expect((await store.listPlayers(pin)).map((p) => p.id)).toEqual([players[1].id]);
      expect(await store.playerCount(pin)).toBe(1);
      expect(await store.addPlayer(pin, makePlayer('ada'), 2)).toEqual({ status: 'ok', players: 2 });
      expect(await store.addPlayer(pin, makePlayer('third'), 2)).toEqual({ status: 'room_full' });
      expect(await store.removeFromLobby(pin, players[0].id)).toBe(false);
    });

    it('does nothing once the game has started (a running game keeps its players)', async () => {
      const { pin, players } = await seedRoom(store, { players: ['Ada'], open: true });
      expect(await store.removeFromLobby(pin, players[0].id)).toBe(false);
      expect(await store.getPlayer(pin, players[0].id)).toMatchObject({ id: players[0].id });
      expect(await store.playerCount(pin)).toBe(1);
    });

    it('does not free a name another player holds now', async () => {
      const { pin, players } = await seedRoom(store, { players: ['Ada'] });
      expect(await store.kickPlayer(pin, players[0].id)).toBe(true);
      const ada2 = makePlayer('ada');
      expect(await store.addPlayer(pin, ada2, 10)).toEqual({ status: 'ok', players: 1 });
      expect(await store.removeFromLobby(pin, players[0].id)).toBe(true);
      expect(await store.addPlayer(pin, makePlayer('ADA'), 10)).toEqual({ status: 'name_taken' });
    });
  });
}
