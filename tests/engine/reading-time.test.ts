/**
 * "Fit to reading" on real questions of the built-in deck: words read (prompt, options/items,
 * the case scenario the first time), 200 words a minute + 5 s thinking (+5 s for match/order),
 * rounded up to 5 s, clamped to 10–180 s. And the setup that uses it: topics, counts, factor.
 */
import { describe, expect, it } from 'vitest';
import type { Deck, DeckQuestion } from '../../shared/deck.js';
import { loadDecks } from '../../server/deck/load.js';
import { countWords, fitSeconds, questionSeconds, questionWords, roundUpTo5 } from '../../server/engine/reading-time.js';
import { setupGame } from '../../server/engine/setup.js';
import { seeded } from './fixtures.js';

const deck: Deck = loadDecks('content/decks').decks.find((d) => d.id === 'mle-a-deployment')!;
const q = (id: string): DeckQuestion => deck.questions.find((x) => x.id === id)!;
const scenarioWords = (id: string) => countWords(deck.cases!.find((c) => c.id === q(id).case)!.scenario);

describe('fit to reading, on real deck questions', () => {
  // id, words of the question, words of its case scenario when it is the first of its case, expected seconds
  it.each<[string, number, number, number]>([
    ['cp-01', 101, 0, 40], // 30.3 s reading + 5 s → 35.3 → 40
    ['cp-02', 98, 0, 35], // 29.4 + 5 = 34.4 → 35
    ['cp-06', 108, 0, 40], // multi: 32.4 + 5 = 37.4 → 40
    ['cp-08', 62, 0, 30], // match: 18.6 + 5 + 5 = 28.6 → 30
    ['ctr-08', 78, 0, 35], // order: 23.4 + 10 = 33.4 → 35
    ['ctr-09', 24, 0, 15], // true/false: 7.2 + 5 = 12.2 → 15
    ['ecr-08', 79, 111, 65], // first question of its case: 190 words → 57 + 5 = 62 → 65
    ['inf-10', 61, 90, 55], // 151 words → 45.3 + 5 = 50.3 → 55
  ])('%s: %i words (+%i scenario) → %i s', (id, words, scenario, seconds) => {
    expect(questionWords(q(id))).toBe(words);
    if (scenario) expect(scenarioWords(id)).toBe(scenario);
    expect(fitSeconds(q(id), scenario)).toBe(seconds);
  });

  it('counts a case scenario only the first time its case appears', () => {
    const caseQs = deck.questions.filter((x) => x.case === 'case-fraud-byoc');
    expect(caseQs.length).toBeGreaterThan(1);
    const s = questionSeconds(caseQs, (c) => deck.cases!.find((x) => x.id === c)?.scenario, { timing: 'fit', timeFactor: 1 });
    expect(s[0]).toBe(fitSeconds(caseQs[0], scenarioWords(caseQs[0].id)));
    for (let i = 1; i < caseQs.length; i++) expect(s[i]).toBe(fitSeconds(caseQs[i], 0));
    expect(s[0]).toBeGreaterThan(s[1] + 20);
  });

  it('"more time" multiplies before rounding; a deck question’s own time wins; fixed ignores both', () => {
    expect(fitSeconds(q('cp-02'), 0, 1.5)).toBe(roundUpTo5(34.4 * 1.5)); // 51.6 → 55
    expect(fitSeconds(q('cp-02'), 0, 1.5)).toBe(55);
    const timed = { ...q('cp-02'), time: 25 };
    const sc = () => undefined;
    expect(questionSeconds([timed], sc, { timing: 'fit', timeFactor: 1 })).toEqual([25]);
    expect(questionSeconds([timed], sc, { timing: 'fit', timeFactor: 2 })).toEqual([50]);
    expect(questionSeconds([timed, q('cp-01')], sc, { timing: 'fixed', timeLimit: 45, timeFactor: 1 })).toEqual([45, 45]);
  });

  it('clamps to 10–180 s', () => {
    const tiny: DeckQuestion = { id: 'x', topic: 't', type: 'truefalse', prompt: 'Yes?', answer: true };
    expect(fitSeconds(tiny, 0)).toBe(10);
    expect(fitSeconds(q('ecr-08'), 2000, 3)).toBe(180);
  });

  it('most of the deck gets more than the old flat 20 s', () => {
    const s = questionSeconds(deck.questions, (c) => deck.cases!.find((x) => x.id === c)?.scenario, { timing: 'fit', timeFactor: 1 });
    expect(s.filter((x) => x > 20).length / s.length).toBeGreaterThan(0.7);
  });
});

describe('setupGame', () => {
  it('draws from the chosen topics only, times each question, and totals the game', () => {
    const topic = deck.topics[0].id;
    const inTopic = deck.questions.filter((x) => x.topic === topic);
    const r = setupGame(deck, { topics: [topic], questionCount: 3, autoAdvance: { revealSeconds: 5, leaderboardSeconds: 4 } }, seeded(3));
    if (!r.ok) throw new Error(r.message);
    expect(r.questions.length).toBeLessThanOrEqual(3);
    expect(r.questions.length).toBeGreaterThan(0);
    expect(r.questions.every((p) => p.topic === topic)).toBe(true);
    for (const p of r.questions) expect(inTopic.some((x) => x.id === p.deckQuestionId)).toBe(true);
    const sum = r.questions.reduce((n, p) => n + p.durationMs, 0);
    expect(r.settings).toMatchObject({ timing: 'fit', timeFactor: 1, introMs: 3000, topics: [topic], requestedCount: 3, lateJoin: true, autoAdvance: { revealMs: 5000, leaderboardMs: 4000 } });
    // Each question: its get-ready beat (3 s by default), its answer time, then the auto-advance pauses.
    expect(r.settings.expectedMs).toBe(sum + r.questions.length * (3000 + 9000));
  });

  it('refuses unknown topics in plain words', () => {
    const r = setupGame(deck, { topics: ['nope'] }, seeded(1));
    expect(r).toEqual({ ok: false, message: 'Unknown topic: nope — pick topics from this deck.' });
  });

  it('fixed time and factor apply to every question', () => {
    const r = setupGame(deck, { timeLimit: 30, timeFactor: 1.5, questionCount: 4 }, seeded(2));
    if (!r.ok) throw new Error(r.message);
    expect(r.questions.every((p) => p.durationMs === 45_000)).toBe(true);
    expect(r.settings).toMatchObject({ timing: 'fixed', timeLimit: 30, timeFactor: 1.5 });
  });
});
