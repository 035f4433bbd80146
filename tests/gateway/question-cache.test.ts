import { describe, expect, it } from 'vitest';
import { GameService } from '../../server/gateway/game-service.js';
import type { IO } from '../../server/gateway/types.js';
import { createMemoryStore } from '../../server/store/memory.js';
import { prepared, room } from '../engine/fixtures.js';

const log = { info() {}, warn() {}, error() {} };

describe('GameService question cache', () => {
  it('does not serve an expired room’s questions to a new room that reuses its PIN', async () => {
    const store = createMemoryStore();
    const svc = new GameService({} as IO, store, new Map(), log);
    const a = room({ createdAt: 1 });
    const qa = prepared(1).slice(0, 2);
    await store.createRoom(a, qa);
    expect((await svc.questions(a)).map((q) => q.deckQuestionId)).toEqual(qa.map((q) => q.deckQuestionId));

    await store.expireRoom(a.pin, 0);
    const b = room({ createdAt: 2 });
    const qb = prepared(2).slice(2, 5);
    await store.createRoom(b, qb);
    expect((await svc.questions(b)).map((q) => q.deckQuestionId)).toEqual(qb.map((q) => q.deckQuestionId));
    svc.stop();
    await store.close();
  });
});
