/**
 * Bots play a game with every question type (single, multi, truefalse, match,
 * order, two of them in a case study) under the study and exam scoring styles.
 */
import type { FastifyInstance } from 'fastify';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildApp } from '../../server/app.js';
import type { Deck, DeckQuestion } from '../../shared/deck.js';
import type { AnswerPayload, FinalView, HostState, PlayerResult, QuestionView, ScoringStyle } from '../../shared/protocol.js';
import { Bot, expectOk } from '../helpers/bot.js';
import { startServer, TEST_DECKS } from '../helpers/server.js';

let app: FastifyInstance;
let url: string;
beforeAll(async () => {
  ({ app, url } = await startServer(buildApp));
});
afterAll(async () => {
  await app?.close();
});

const deck = parse(readFileSync(`${TEST_DECKS}/all-types.yaml`, 'utf8')) as Deck;
const byPrompt = (prompt: string) => deck.questions.find((q) => q.prompt === prompt) as DeckQuestion;
const idOf = (items: { id: string; text: string }[] | undefined, text: string) => items!.find((o) => o.text === text)!.id;

type Skill = 'perfect' | 'partial' | 'wrong';

/** Builds a bot's answer from the deck (bots know the answers by text; ids are shuffled per room). */
function answerFor(skill: Skill, v: QuestionView): AnswerPayload {
  const q = byPrompt(v.prompt);
  switch (q.type) {
    case 'single': {
      const right = q.options.find((o) => o.correct)!.text;
      const wrong = q.options.find((o) => !o.correct)!.text;
      return { type: 'single', option: idOf(v.options, skill === 'wrong' ? wrong : right) };
    }
    case 'multi': {
      const right = q.options.filter((o) => o.correct).map((o) => idOf(v.options, o.text));
      const wrong = q.options.filter((o) => !o.correct).map((o) => idOf(v.options, o.text));
      return { type: 'multi', options: skill === 'perfect' ? right : skill === 'partial' ? right.slice(0, 1) : wrong.slice(0, 2) };
    }
    case 'truefalse':
      return { type: 'truefalse', value: skill === 'wrong' ? !q.answer : q.answer };
    case 'match': {
      const pairs = q.pairs.map((p) => ({ left: idOf(v.left, p.left), right: idOf(v.right, p.right) }));
      if (skill === 'perfect') return { type: 'match', pairs };
      if (skill === 'partial') return { type: 'match', pairs: pairs.slice(0, 1) };
      return { type: 'match', pairs: pairs.map((p, i) => ({ left: p.left, right: pairs[(i + 1) % pairs.length].right })) };
    }
    case 'order': {
      const order = q.steps.map((s) => idOf(v.steps, s));
      if (skill === 'perfect') return { type: 'order', order };
      if (skill === 'partial') return { type: 'order', order: [order[1], order[0], ...order.slice(2)] };
      return { type: 'order', order: [...order].reverse() };
    }
  }
}

async function play(scoring: ScoringStyle) {
  const host = new Bot(url);
  await host.connected();
  const c = expectOk(await host.call<{ hostToken: string; state: HostState }>('host:create', { deckId: 'all-types', scoring }));
  const pin = c.state.pin;
  const auth = { pin, hostToken: c.hostToken };
  const skills: (Skill | 'silent')[] = ['perfect', 'partial', 'wrong', 'silent'];
  const bots = skills.map(() => new Bot(url));
  await Promise.all(bots.map((b) => b.connected()));
  await Promise.all(bots.map(async (b, i) => expectOk(await b.call('player:join', { pin, nickname: skills[i] }))));
  const views: QuestionView[] = [];
  const results: PlayerResult[][] = skills.map(() => []);

  for (let i = 0; i < c.state.questionCount; i++) {
    const arrived = bots.map((b) => b.next<QuestionView>('game:question', (v) => v.index === i));
    expectOk(await host.call(i === 0 ? 'host:start' : 'host:next', auth));
    const v = (await Promise.all(arrived))[0];
    views.push(v);
    const res = bots.map((b) => b.next<PlayerResult>('player:result', (r) => r.index === i));
    await Promise.all(
      bots.map(async (b, k) => {
        if (skills[k] === 'silent') return;
        expectOk(await b.call('player:answer', { pin, index: i, answer: answerFor(skills[k] as Skill, v) }));
      }),
    );
    expectOk(await host.call('host:skip', auth));
    (await Promise.all(res)).forEach((r, k) => results[k].push(r));
    expectOk(await host.call('host:next', auth));
  }
  const finals = bots.map((b) => b.next<FinalView>('player:final'));
  expectOk(await host.call('host:next', auth));
  const fin = await Promise.all(finals);

  // No pre-reveal payload carries the answer.
  for (const b of [host, ...bots]) {
    let open = false;
    for (const r of b.received) {
      if (r.event === 'game:question') open = true;
      // The host's reveal, or a phone's result (which carries the reveal), ends the question.
      if (r.event === 'game:reveal' || r.event === 'player:result') open = false;
      if (open) expect(JSON.stringify(r.payload)).not.toMatch(/"(correct|whys|explanation|pairs|order|answer)":/);
    }
  }
  [host, ...bots].forEach((b) => b.close());
  return { views, results, fin, skills };
}

describe('every question type, end to end', () => {
  it('study: partial credit for multi, match and order; streaks only on fully correct answers', async () => {
    const { views, results, fin } = await play('study');
    expect(views.map((v) => v.type).sort()).toEqual(['match', 'multi', 'order', 'single', 'truefalse']);
    // The case study's questions come one after another and carry the scenario.
    const caseIdx = views.map((v, i) => (v.case ? i : -1)).filter((i) => i >= 0);
    expect(caseIdx).toHaveLength(2);
    expect(caseIdx[1] - caseIdx[0]).toBe(1);
    expect(views[caseIdx[0]].case).toMatchObject({ id: 'case-shop', title: "A shop's nightly model" });
    const multi = views.find((v) => v.type === 'multi')!;
    expect(multi.choose).toBe(2);

    const credit = (k: number, type: string) => results[k][views.findIndex((v) => v.type === type)].credit;
    expect(results[0].every((r) => r.correct && r.credit === 1)).toBe(true);
    expect(credit(1, 'single')).toBe(1);
    expect(credit(1, 'multi')).toBe(0.5);
    expect(credit(1, 'match')).toBeCloseTo(1 / 3);
    expect(credit(1, 'order')).toBe(0.5);
    expect(credit(2, 'multi')).toBe(0);
    expect(credit(2, 'order')).toBe(0);
    expect(credit(2, 'match')).toBe(0);
    expect(results[3].every((r) => !r.answered && r.points === 0)).toBe(true);

    expect(fin[0]).toMatchObject({ rank: 1, correct: 5 });
    expect(fin[0].score).toBeGreaterThanOrEqual(5000);
    expect(fin[0].score).toBeLessThan(6000);
    // partial: single + truefalse fully right, 0.5 + 1/3 + 0.5 partly right.
    expect(fin[1].correct).toBe(2);
    expect(fin[1].score).toBeGreaterThanOrEqual(3333);
    expect(fin[1].score).toBeLessThan(4333);
    expect(fin[2]).toMatchObject({ score: 0, correct: 0 });
    expect(fin[3]).toMatchObject({ score: 0, correct: 0 });
    expect(fin[2].rank).toBe(fin[3].rank);
  }, 60_000);

  it('exam: all-or-nothing, no speed or streak bonus', async () => {
    const { fin } = await play('exam');
    expect(fin.map((f) => f.score)).toEqual([5000, 2000, 0, 0]);
    expect(fin.map((f) => f.rank)).toEqual([1, 2, 3, 3]);
  }, 60_000);

  it('classic: 500 to 1000 per correct answer plus streak bonus', async () => {
    const { fin } = await play('classic');
    // Perfect: 5 quick answers (≤1000 each) plus streak 100+200+300+400.
    expect(fin[0].score).toBeGreaterThan(5 * 500 + 1000);
    expect(fin[0].score).toBeLessThanOrEqual(5 * 1000 + 1000);
    expect(fin[0].rank).toBe(1);
  }, 60_000);
});
