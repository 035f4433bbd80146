import { describe, expect, it } from 'vitest';
import { GameService } from '../../server/gateway/game-service.js';
import type { IO } from '../../server/gateway/types.js';
import { planGame, prepareGame } from '../../server/engine/prepare.js';
import { createMemoryStore } from '../../server/store/memory.js';
import { deck, room, seeded } from '../engine/fixtures.js';

const log = { info() {}, warn() {}, error() {} };

describe('GameService question cache', () => {
  it('does not serve an expired room’s questions to a new room that reuses its PIN', async () => {
    const store = createMemoryStore();
    const svc = new GameService({} as IO, store, new Map([[deck.id, deck]]), log);
    const a = room({ createdAt: 1 });
    const pa = { deckId: deck.id, ids: deck.questions.slice(0, 2).map((q) => q.id), seed: 1, durationsMs: [20_000, 20_000] };
    await store.createRoom(a, pa);
    expect((await svc.questions(a)).map((q) => q.deckQuestionId)).toEqual(pa.ids);

    await store.expireRoom(a.pin, 0);
    const b = room({ createdAt: 2 });
    const pb = { deckId: deck.id, ids: deck.questions.slice(2, 5).map((q) => q.id), seed: 2, durationsMs: [1, 2, 3] };
    await store.createRoom(b, pb);
    expect((await svc.questions(b)).map((q) => q.deckQuestionId)).toEqual(pb.ids);
    svc.stop();
    await store.close();
  });

  it('rebuilds a planned room’s questions from the deck: the same on every process, shuffled per room', async () => {
    const store = createMemoryStore();
    const one = new GameService({} as IO, store, new Map([[deck.id, deck]]), log);
    const two = new GameService({} as IO, store, new Map([[deck.id, structuredClone(deck)]]), log);
    const plan = planGame(deck, { rng: seeded(7), timeLimit: 9 });
    const r = room({ createdAt: 3 });
    await store.createRoom(r, plan);
    const [qa, qb] = [await one.questions(r), await two.questions(r)];
    expect(qa).toHaveLength(deck.questions.length);
    expect(JSON.stringify(qa)).toBe(JSON.stringify(qb));
    expect(qa.map((q) => q.deckQuestionId)).toEqual(plan.ids);
    expect(qa.every((q) => q.durationMs === 9000)).toBe(true);
    // Another seed shuffles some question differently (the deck has multi-option questions).
    const other = { ...plan, seed: plan.seed ^ 0x5bd1e995 };
    const r2 = room({ pin: '654321', createdAt: 4 });
    await store.createRoom(r2, other);
    expect(JSON.stringify(await one.questions(r2))).not.toBe(JSON.stringify(qa));
    // A prepared game and a planned one hold the same questions.
    expect(prepareGame(deck, { rng: seeded(7) }).map((q) => q.deckQuestionId).sort()).toEqual([...plan.ids].sort());
    one.stop();
    two.stop();
    await store.close();
  });

  it('says DECK_NOT_FOUND when the deck no longer has a planned question', async () => {
    const store = createMemoryStore();
    const svc = new GameService({} as IO, store, new Map([[deck.id, deck]]), log);
    const r = room({ createdAt: 5 });
    await store.createRoom(r, { deckId: deck.id, ids: ['gone'], seed: 1, durationsMs: [1000] });
    const qs = await svc.questions(r);
    expect(() => qs[0]).toThrow(expect.objectContaining({ code: 'DECK_NOT_FOUND' }));
    await store.createRoom(room({ pin: '111111', createdAt: 6 }), { deckId: 'nope', ids: ['x'], seed: 1, durationsMs: [1000] });
    await expect(svc.questions(room({ pin: '111111', createdAt: 6 }))).rejects.toMatchObject({ code: 'DECK_NOT_FOUND' });
    svc.stop();
    await store.close();
  });
});
