/** The LearningStore contract: one suite for the memory and the Redis store (memory-store.test.ts, redis-store.test.ts). */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newPractice } from '../../server/learning/practice.js';
import type { LearningStore } from '../../server/learning/store.js';
import type { QuestionLog, ReportMeta } from '../../server/learning/types.js';
import { makeQuestions } from '../store/fixtures.js';

export interface LearningUnderTest {
  store: LearningStore;
  cleanup(): Promise<void>;
}

const log = (index: number, credit = 0.5): QuestionLog => ({
  index,
  questionId: `q${index}`,
  topic: 'net',
  type: 'single',
  skipped: index === 1,
  openedAt: 1000 + index,
  closedAt: 2000 + index,
  rows: [
    { playerId: 'p1', answer: { type: 'single', option: 'A' }, credit, points: 512, elapsedMs: 1234 },
    { playerId: 'p2', credit: 0, points: 0 },
  ],
});

const meta = (reportId: string): ReportMeta => ({
  reportId,
  deckId: 'd',
  deckTitle: 'Deck "one", ünïcödé',
  scoring: 'study',
  createdAt: 1,
  endedAt: 2,
  planned: 3,
  topics: [{ id: 'net', title: 'Networking' }],
  questions: Object.fromEntries(makeQuestions(3).map((q, i) => [i, q])),
  players: [{ id: 'p1', name: 'Ann, "the =1+1"\nline', score: 512, correct: 0, rank: 1, kicked: false, joinedAt: 5 }],
});

export function learningContract(name: string, make: () => Promise<LearningUnderTest>): void {
  describe(`LearningStore contract: ${name}`, () => {
    let sut: LearningUnderTest;
    let store: LearningStore;
    beforeEach(async () => {
      sut = await make();
      store = sut.store;
    });
    afterEach(async () => {
      await sut.cleanup();
    });

    describe('reports', () => {
      it('is not readable before the game ends, then returns the metadata and the log by index', async () => {
        const id = randomUUID();
        await store.logQuestion(id, log(2));
        await store.logQuestion(id, log(0));
        expect(await store.getReport(id)).toBeNull();
        await store.saveReport(meta(id));
        const r = await store.getReport(id);
        expect(r?.meta).toEqual(meta(id));
        expect(r?.log).toEqual([log(0), log(2)]);
      });

      it('rewriting a question log replaces it (a close finished twice)', async () => {
        const id = randomUUID();
        await store.logQuestion(id, log(0, 0.5));
        await store.logQuestion(id, log(0, 1));
        await store.saveReport(meta(id));
        expect((await store.getReport(id))?.log).toEqual([log(0, 1)]);
      });

      it('keeps reports apart and answers null for an unknown one', async () => {
        const [a, b] = [randomUUID(), randomUUID()];
        await store.logQuestion(a, log(0));
        await store.saveReport(meta(a));
        await store.saveReport(meta(b));
        expect((await store.getReport(b))?.log).toEqual([]);
        expect(await store.getReport(randomUUID())).toBeNull();
      });
    });

    describe('weak spots', () => {
      const miss = (questionId: string, at: number, credit = 0) => ({ deckId: 'deck-a', questionId, credit, at });
      const right = (questionId: string, at: number) => ({ deckId: 'deck-a', questionId, credit: 1, at });

      it('lists misses and partial answers, most recent first; a right answer alone adds nothing', async () => {
        const dev = randomUUID();
        await store.recordOutcomes(dev, [miss('q1', 100), miss('q2', 300, 0.5), right('q3', 400), miss('q4', 200)]);
        expect((await store.weakSpots(dev)).map((w) => w.questionId)).toEqual(['q2', 'q4', 'q1']);
        expect(await store.weakSpots(randomUUID())).toEqual([]);
      });

      it('drops a question after two right answers in a row; a miss in between starts over', async () => {
        const dev = randomUUID();
        await store.recordOutcomes(dev, [miss('q1', 100)]);
        await store.recordOutcomes(dev, [right('q1', 200)]);
        expect(await store.weakSpots(dev)).toEqual([{ deckId: 'deck-a', questionId: 'q1', missedAt: 100, rightStreak: 1 }]);
        await store.recordOutcomes(dev, [miss('q1', 300), right('q1', 400)]);
        expect(await store.weakSpots(dev)).toEqual([{ deckId: 'deck-a', questionId: 'q1', missedAt: 300, rightStreak: 1 }]);
        await store.recordOutcomes(dev, [right('q1', 500)]);
        expect(await store.weakSpots(dev)).toEqual([]);
      });

      it('keeps decks and devices apart, and wipes one device only', async () => {
        const [d1, d2] = [randomUUID(), randomUUID()];
        await store.recordOutcomes(d1, [miss('q1', 1), { deckId: 'deck-b', questionId: 'q1', credit: 0, at: 2 }]);
        await store.recordOutcomes(d2, [miss('q9', 3)]);
        expect((await store.weakSpots(d1)).map((w) => `${w.deckId}/${w.questionId}`)).toEqual(['deck-b/q1', 'deck-a/q1']);
        await store.clearWeakSpots(d1);
        expect(await store.weakSpots(d1)).toEqual([]);
        expect(await store.weakSpots(d2)).toHaveLength(1);
      });
    });

    describe('practice rounds', () => {
      const session = () =>
        newPractice({ token: randomUUID(), deckId: 'd', deckTitle: 'D', topics: [], questions: makeQuestions(2), timed: false, now: 10 });

      it('creates once, reads back exactly, and moves on with compare-and-set', async () => {
        const s = session();
        expect(await store.createPractice(s)).toBe(true);
        expect(await store.createPractice({ ...s, deckTitle: 'other' })).toBe(false);
        expect(await store.getPractice(s.token)).toEqual(s);
        const next = { ...s, version: 2, index: 1 };
        expect(await store.updatePractice(s.token, 2, { ...next, version: 3 })).toBe(false);
        expect(await store.updatePractice(s.token, 1, next)).toBe(true);
        expect(await store.updatePractice(s.token, 1, next)).toBe(false);
        expect(await store.getPractice(s.token)).toEqual(next);
        expect(await store.getPractice(randomUUID())).toBeNull();
      });

      it('RACE: of concurrent moves from one version, exactly one wins', async () => {
        const s = session();
        await store.createPractice(s);
        const tries = await Promise.all(Array.from({ length: 20 }, (_, i) => store.updatePractice(s.token, 1, { ...s, version: 2, openedAt: i })));
        expect(tries.filter(Boolean)).toHaveLength(1);
      });
    });
  });
}
