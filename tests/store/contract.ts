/**
 * The RoomStore contract: one suite, run against every store (memory.test.ts,
 * redis.test.ts). Races are tested with real concurrent calls, not by reasoning.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RoomStore } from '../../server/store/types.js';
import { joinContract } from './contract-join.js';
import { kickContract } from './contract-kick.js';
import { controlContract } from './contract-control.js';
import { playContract } from './contract-play.js';
import { advance, caseVariants, makePlayer, makePlan, makeRoom, seedRoom, type SeedOptions } from './fixtures.js';

export interface StoreUnderTest {
  store: RoomStore;
  cleanup(): Promise<void>;
}

export function storeContract(name: string, make: () => Promise<StoreUnderTest>): void {
  describe(`RoomStore contract: ${name}`, () => {
    let sut: StoreUnderTest;
    let store: RoomStore;
    beforeEach(async () => {
      sut = await make();
      store = sut.store;
    });
    afterEach(async () => {
      await sut.cleanup();
    });

    const setup = (opts?: SeedOptions) => seedRoom(store, opts);

    describe('rooms', () => {
      it('creates a room and reads it back exactly, questions included', async () => {
        const room = makeRoom({ topicStats: { net: { asked: 3, credit: 1 / 3 } }, leaderboard: [] });
        const questions = makePlan(4);
        expect(await store.createRoom(room, questions)).toBe(true);
        expect(await store.getRoom(room.pin)).toEqual(room);
        expect(await store.getQuestions(room.pin)).toEqual(questions);
      });

      it('keeps its own plan: neither the plan handed in nor one read back changes what it holds', async () => {
        const room = makeRoom();
        const questions = makePlan(3);
        const kept = structuredClone(questions);
        expect(await store.createRoom(room, questions)).toBe(true);
        questions.ids[0] = 'changed';
        questions.durationsMs.push(1);
        const read = (await store.getQuestions(room.pin))!;
        // A read plan is either the caller's own copy or frozen (the memory store hands out one frozen copy).
        try {
          read.ids[1] = 'changed';
          read.durationsMs[0] = -1;
        } catch (err) {
          expect(err).toBeInstanceOf(TypeError);
        }
        expect(await store.getQuestions(room.pin)).toEqual(kept);
      });

      it('refuses a second room with the same PIN and keeps the first', async () => {
        const room = makeRoom();
        expect(await store.createRoom(room, makePlan())).toBe(true);
        expect(await store.createRoom({ ...room, deckTitle: 'other' }, makePlan(1))).toBe(false);
        expect(await store.getRoom(room.pin)).toEqual(room);
        expect((await store.getQuestions(room.pin))?.ids).toHaveLength(3);
      });

      it('returns null / empty for an unknown room', async () => {
        expect(await store.getRoom('999999')).toBeNull();
        expect(await store.getQuestions('999999')).toBeNull();
        expect(await store.listPlayers('999999')).toEqual([]);
        expect(await store.playerCount('999999')).toBe(0);
        expect(await store.getAnswers('999999', 0)).toEqual([]);
        expect(await store.answerCount('999999', 0)).toBe(0);
        expect(await store.updateRoom('999999', 1, makeRoom({ pin: '999999' }))).toBe(false);
      });

      it('updateRoom is a compare-and-set on version', async () => {
        const { room, pin } = await setup();
        const next = advance(room, { phase: 'question', index: 0 });
        expect(await store.updateRoom(pin, room.version + 1, next)).toBe(false);
        expect(await store.getRoom(pin)).toEqual(room);
        expect(await store.updateRoom(pin, room.version, next)).toBe(true);
        expect(await store.getRoom(pin)).toEqual(next);
        expect(await store.updateRoom(pin, room.version, advance(room, { phase: 'ended' }))).toBe(false);
        expect(await store.getRoom(pin)).toEqual(next);
      });

      it('RACE: two concurrent updateRoom at the same version -> exactly one wins', async () => {
        const { room, pin } = await setup();
        const a = advance(room, { phase: 'question', index: 0 });
        const b = advance(room, { phase: 'ended' });
        const results = await Promise.all([store.updateRoom(pin, room.version, a), store.updateRoom(pin, room.version, b)]);
        expect(results.filter(Boolean)).toHaveLength(1);
        expect(await store.getRoom(pin)).toEqual(results[0] ? a : b);
      });

      it('RACE: 20 concurrent updateRoom at the same version -> exactly one wins', async () => {
        const { room, pin } = await setup();
        const nexts = Array.from({ length: 20 }, (_, i) => advance(room, { deckTitle: `t${i}` }));
        const results = await Promise.all(nexts.map((n) => store.updateRoom(pin, room.version, n)));
        expect(results.filter(Boolean)).toHaveLength(1);
        expect(await store.getRoom(pin)).toEqual(nexts[results.indexOf(true)]);
      });
    });

    describe('players', () => {
      it('adds players, finds them by id and by token, lists them in join order', async () => {
        const { pin, players } = await setup({ players: ['Ada', 'Linus', 'Grace', 'Ken', 'Barbara'] });
        expect(await store.getPlayer(pin, players[1].id)).toEqual(players[1]);
        expect(await store.getPlayerByToken(pin, players[2].token)).toEqual(players[2]);
        expect(await store.getPlayer(pin, 'nobody')).toBeNull();
        expect(await store.getPlayerByToken(pin, 'bad-token')).toBeNull();
        expect(await store.listPlayers(pin)).toEqual(players);
        expect(await store.playerCount(pin)).toBe(5);
      });

      it('refuses a player for an unknown room', async () => {
        expect(await store.addPlayer('999999', makePlayer('Ada'), 10)).toEqual({ status: 'no_room' });
      });

      it('refuses a name already taken, whatever its case', async () => {
        const { pin } = await setup({ players: ['Ada'] });
        expect(await store.addPlayer(pin, makePlayer('ADA'), 10)).toEqual({ status: 'name_taken' });
        expect(await store.playerCount(pin)).toBe(1);
      });

      it('refuses players beyond maxPlayers', async () => {
        const { pin } = await setup();
        for (const [i, n] of ['a', 'b', 'c'].entries()) expect(await store.addPlayer(pin, makePlayer(n), 3)).toEqual({ status: 'ok', players: i + 1 });
        expect(await store.addPlayer(pin, makePlayer('d'), 3)).toEqual({ status: 'room_full' });
        expect(await store.playerCount(pin)).toBe(3);
      });

      it('RACE: 50 concurrent joins with the same name in different case -> exactly one ok', async () => {
        const { pin } = await setup();
        const names = caseVariants('quizwiz', 50);
        const results = await Promise.all(names.map((n) => store.addPlayer(pin, makePlayer(n), 100)));
        expect(results.filter((r) => r.status === 'ok')).toHaveLength(1);
        expect(results.filter((r) => r.status === 'name_taken')).toHaveLength(49);
        expect(await store.playerCount(pin)).toBe(1);
        expect(await store.listPlayers(pin)).toHaveLength(1);
      });

      it('RACE: 30 concurrent joins for 7 seats -> exactly 7 ok', async () => {
        const { pin } = await setup();
        const results = await Promise.all(Array.from({ length: 30 }, (_, i) => store.addPlayer(pin, makePlayer(`p${i}`), 7)));
        expect(results.filter((r) => r.status === 'ok')).toHaveLength(7);
        expect(results.filter((r) => r.status === 'room_full')).toHaveLength(23);
        expect(await store.playerCount(pin)).toBe(7);
      });

      it('kicking marks the player, frees the name and the seat, keeps them in the list', async () => {
        const { pin, players } = await setup({ players: ['Ada', 'Linus'] });
        const [ada, linus] = players;
        expect(await store.kickPlayer(pin, ada.id)).toBe(true);
        expect(await store.getPlayer(pin, ada.id)).toEqual({ ...ada, kicked: true });
        expect(await store.getPlayerByToken(pin, ada.token)).toMatchObject({ id: ada.id, kicked: true });
        expect(await store.playerCount(pin)).toBe(1);
        expect(await store.kickPlayer(pin, ada.id)).toBe(true);
        expect(await store.playerCount(pin)).toBe(1);
        const ada2 = makePlayer('aDa');
        expect(await store.addPlayer(pin, ada2, 2)).toEqual({ status: 'ok', players: 2 });
        expect(await store.addPlayer(pin, makePlayer('x'), 2)).toEqual({ status: 'room_full' });
        expect((await store.listPlayers(pin)).map((p) => [p.id, p.kicked])).toEqual([
          [ada.id, true],
          [linus.id, false],
          [ada2.id, false],
        ]);
        // Kicking the first Ada again must not free the name the second Ada holds.
        expect(await store.kickPlayer(pin, ada.id)).toBe(true);
        expect(await store.addPlayer(pin, makePlayer('ADA'), 10)).toEqual({ status: 'name_taken' });
      });

      it('kickPlayer of an unknown player is false', async () => {
        const { pin } = await setup({ players: ['Ada'] });
        expect(await store.kickPlayer(pin, 'nobody')).toBe(false);
        expect(await store.kickPlayer('999999', 'nobody')).toBe(false);
      });
    });

    playContract(() => store);
    joinContract(() => store);
    kickContract(() => store);
    controlContract(() => store);

    it('ping answers true', async () => {
      expect(await store.ping()).toBe(true);
    });
  });
}
