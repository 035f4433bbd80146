/** The LearningStore contract against Redis, plus what only Redis has: TTLs on every key. */
import { createClient } from 'redis';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createRedisLearningStore } from '../../server/learning/redis-learning.js';
import { newPractice } from '../../server/learning/practice.js';
import { deleteKeys, startRedis, type TestRedis } from '../helpers/redis-server.js';
import { learningContract } from './store-contract.js';

let redis: TestRedis;
let n = 0;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
});

async function fresh(ttls: Parameters<typeof createRedisLearningStore>[1] = {}) {
  const prefix = `${redis.prefix}l${++n}:`;
  const store = await createRedisLearningStore(redis.url, { prefix, ...ttls });
  return {
    store,
    prefix,
    cleanup: async () => {
      await store.close();
      await deleteKeys(redis.url, prefix);
    },
  };
}

learningContract('redis', () => fresh());

describe('Redis learning store specifics', () => {
  it('makes no AbortSignal.timeout per command (its timer fires seconds after every reply): the call deadline bounds it', async () => {
    const { store, cleanup } = await fresh();
    const timeouts = vi.spyOn(AbortSignal, 'timeout');
    try {
      const id = randomUUID();
      await store.logQuestion(id, { index: 0, questionId: 'q', topic: 't', type: 'single', skipped: false, openedAt: 0, closedAt: 1, rows: [] });
      await store.recordOutcomes('dev', [{ deckId: 'd', questionId: 'q', credit: 0, at: 1 }]);
      expect(await store.weakSpots('dev')).toHaveLength(1);
      expect(timeouts).not.toHaveBeenCalled();
    } finally {
      timeouts.mockRestore();
      await cleanup();
    }
  });

  it('gives reports, weak spots and practice rounds their configured TTLs', async () => {
    const { store, prefix, cleanup } = await fresh({ reportTtlMs: 70_000, weakTtlMs: 90_000, practiceTtlMs: 50_000 });
    const id = randomUUID();
    await store.logQuestion(id, { index: 0, questionId: 'q', topic: 't', type: 'single', skipped: false, openedAt: 0, closedAt: 1, rows: [] });
    await store.saveReport({ reportId: id, deckId: 'd', deckTitle: 'D', scoring: 'study', createdAt: 0, endedAt: 1, planned: 1, topics: [], questions: {}, players: [] });
    await store.recordOutcomes('dev', [{ deckId: 'd', questionId: 'q', credit: 0, at: 1 }]);
    const s = newPractice({ token: randomUUID(), deckId: 'd', deckTitle: 'D', topics: [], questions: [], timed: false, now: 1 });
    await store.createPractice(s);
    const c = createClient({ url: redis.url });
    await c.connect();
    try {
      const ttl = async (k: string) => c.pTTL(`${prefix}${k}`);
      for (const k of [`rlog:{${id}}`, `report:{${id}}`]) {
        expect(await ttl(k), k).toBeGreaterThan(60_000);
        expect(await ttl(k), k).toBeLessThanOrEqual(70_000);
      }
      expect(await ttl('weak:{dev}')).toBeGreaterThan(80_000);
      expect(await ttl(`practice:{${s.token}}`)).toBeGreaterThan(40_000);
      expect(await ttl(`practice:{${s.token}}`)).toBeLessThanOrEqual(50_000);
    } finally {
      c.destroy();
    }
    await cleanup();
  });
});
