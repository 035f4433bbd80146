/**
 * A real server on a random port and 21 socket.io-client bots playing the
 * 3-question test deck: scores, ranking, early close, no answer leaked before
 * the reveal, a bot that drops and rejoins keeps its score, batched lobby.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.js';
import type {
  FinalView,
  HostState,
  PlayerResult,
  PlayerResultFrame,
  PlayerState,
  PodiumView,
  PresenceView,
  QuestionView,
  RevealView,
} from '../../shared/protocol.js';
import { Bot, expectOk } from '../helpers/bot.js';
import { correctTextOf, startServer } from '../helpers/server.js';

let app: FastifyInstance;
let url: string;

beforeAll(async () => {
  ({ app, url } = await startServer(buildApp));
});
afterAll(async () => {
  await app?.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Policy = (q: number) => { correct: boolean; delayMs: number } | null;

describe('a full game with 21 bots', () => {
  const N = 21;
  const host = () => new Bot(url);
  const policies: Policy[] = [];
  policies[0] = () => ({ correct: true, delayMs: 0 }); // ace
  for (let i = 1; i <= 10; i++) policies[i] = (q) => ({ correct: (i + q) % 3 !== 0, delayMs: 100 + i * 30 });
  for (let i = 11; i <= 19; i++) policies[i] = () => ({ correct: false, delayMs: 50 });
  policies[20] = () => ({ correct: true, delayMs: 1000 }); // the dropper

  it('plays to the podium with the right scores and ranks', async () => {
    const h = host();
    await h.connected();
    const created = expectOk(await h.call<{ hostToken: string; state: HostState }>('host:create', { deckId: 'test-deck' }));
    const { pin } = created.state;
    const auth = { pin, hostToken: created.hostToken };
    expect(pin).toMatch(/^\d{6}$/);
    expect(created.state.joinUrl).toContain(`?pin=${pin}`);
    expect(created.state.qrSvg).toContain('<svg');
    expect(created.state.questionCount).toBe(3);

    const bots = Array.from({ length: N }, () => new Bot(url));
    await Promise.all(bots.map((b) => b.connected()));
    const names = bots.map((_, i) => (i === 0 ? 'Ace' : i === 20 ? 'Dropper' : `Bot ${i}`));
    const joins = await Promise.all(bots.map((b, i) => b.call<{ token: string; state: PlayerState }>('player:join', { pin, nickname: names[i] })));
    const tokens = joins.map((j) => expectOk(j).token);
    joins.forEach((j, i) => expect(expectOk(j).state).toMatchObject({ phase: 'lobby', you: { name: names[i], score: 0 } }));

    // The host hears of joins in batches, players never do.
    await sleep(400);
    const lobby = h.events('host:lobby') as { joined: { name: string }[]; count: number }[];
    expect(lobby.flatMap((l) => l.joined.map((j) => j.name)).sort()).toEqual([...names].sort());
    expect(lobby.length).toBeLessThan(N / 2);
    expect(lobby.at(-1)!.count).toBe(N);
    for (const b of bots) expect(b.events('host:lobby')).toHaveLength(0);

    let active = bots.slice();
    const expectedCorrect = new Array(N).fill(0);
    let dropperScore = 0;

    for (let q = 0; q < 3; q++) {
      const questionArrived = active.map((b) => b.next<QuestionView>('game:question', (v) => v.index === q));
      expectOk(await h.call(q === 0 ? 'host:start' : 'host:next', auth));
      const views = await Promise.all(questionArrived);
      const view = views[0];
      expect(view.deadline - view.openedAt).toBe(10_000);
      const rightId = view.options!.find((o) => o.text === correctTextOf(view.prompt))!.id;
      const wrongId = view.options!.find((o) => o.id !== rightId)!.id;

      if (q === 1) {
        // The dropper's phone locks mid-question: a new socket rejoins with the reconnect token.
        bots[20].close();
        active = active.filter((b) => b !== bots[20]);
      }
      const answered = active.map(async (b) => {
        const i = bots.indexOf(b);
        const p = policies[i](q)!;
        await sleep(p.delayMs);
        const ack = await b.call<{ receivedAt: number }>('player:answer', { pin, index: q, answer: { type: 'single', option: p.correct ? rightId : wrongId } });
        expectOk(ack);
        if (p.correct) expectedCorrect[i]++;
      });
      if (q === 1) {
        await sleep(300);
        const back = new Bot(url);
        await back.connected();
        const re = expectOk(await back.call<{ state: PlayerState }>('player:rejoin', { pin, token: tokens[20] }));
        expect(re.state.phase).toBe('question');
        expect(re.state.you).toMatchObject({ name: 'Dropper', score: dropperScore, streak: 1 });
        expect(re.state.question!.index).toBe(1);
        expect(re.state.question!.deadline).toBe(view.deadline);
        bots[20] = back;
        active.push(back);
        answered.push(
          (async () => {
            await sleep(700);
            expectOk(await back.call('player:answer', { pin, index: 1, answer: { type: 'single', option: rightId } }));
            expectedCorrect[20]++;
          })(),
        );
      }
      const shown = h.next<RevealView>('game:reveal', (r) => r.index === q);
      const results = active.map((b) => b.next<PlayerResultFrame>('player:result', (r) => r.index === q));
      await Promise.all(answered);
      const resultList = await Promise.all(results);
      // Each phone's result carries the reveal the projector shows.
      const reveal = await shown;
      for (const r of resultList) expect(r.reveal).toEqual(reveal);
      // Everyone answered, so the question closed before its deadline.
      const closedAt = bots[0].received.find((r) => r.event === 'player:result' && (r.payload as PlayerResult).index === q)!.at;
      expect(closedAt).toBeLessThan(view.deadline);
      expect(reveal.correct).toEqual({ type: 'single', option: rightId });
      expect(reveal.answered).toBe(N);
      expect(Object.values(reveal.distribution).reduce((a, b) => a + b, 0)).toBe(N);
      expect(reveal.explanation.length).toBeGreaterThan(10);
      dropperScore = resultList[active.indexOf(bots[20])].score;
      const lb = h.next('game:leaderboard', () => true);
      expectOk(await h.call('host:next', auth));
      await lb;
    }

    const podium = h.next<PodiumView>('game:podium');
    const finals = bots.map((b) => b.next<FinalView>('player:final'));
    expectOk(await h.call('host:next', auth));
    const p = await podium;
    const fin = await Promise.all(finals);

    expect(p.top[0].name).toBe('Ace');
    expect(p.players).toBe(N);
    fin.forEach((f, i) => {
      // Study scoring: 1000 per correct answer; all bonuses of a game stay under 1000.
      expect(f.correct).toBe(expectedCorrect[i]);
      expect(f.score).toBeGreaterThanOrEqual(1000 * expectedCorrect[i]);
      expect(f.score).toBeLessThan(1000 * (expectedCorrect[i] + 1));
    });
    expect(fin[0].rank).toBe(1);
    expect(fin[20].score).toBeGreaterThanOrEqual(3000); // the dropper kept every point
    // More correct answers always rank above fewer; equal points share a rank.
    for (let a = 0; a < N; a++)
      for (let b = 0; b < N; b++) {
        if (expectedCorrect[a] > expectedCorrect[b]) expect(fin[a].rank).toBeLessThan(fin[b].rank);
        if (fin[a].score === fin[b].score) expect(fin[a].rank).toBe(fin[b].rank);
        if (fin[a].score > fin[b].score) expect(fin[a].rank).toBeLessThan(fin[b].rank);
      }
    for (const i of [11, 12, 19]) expect(fin[i]).toMatchObject({ score: 0, correct: 0 });

    // No client received a correct answer, a why or an explanation before that question's reveal.
    for (const b of [h, ...bots]) {
      let open = -1;
      for (const r of b.received) {
        if (r.event === 'game:question') open = (r.payload as QuestionView).index;
        // The host's reveal, or a phone's result (which carries the reveal), ends the question.
        if (r.event === 'game:reveal' || r.event === 'player:result') open = -1;
        if (open >= 0) expect(JSON.stringify(r.payload)).not.toMatch(/"correct"|"whys"|"explanation"/);
      }
    }
    // Phones get one frame per question and their own final standing: never the projector's reveal or podium.
    for (const b of bots) {
      expect(b.events('game:reveal')).toEqual([]);
      expect(b.events('game:podium')).toEqual([]);
    }
    // Players got the answered count in batches, never one message per answer.
    for (const b of bots.slice(0, 19)) expect(b.events('game:progress').length).toBeLessThanOrEqual(6);
    // The host hears the answered count in host:presence (its counts), one frame per batch, not game:progress too
    // (the reveal carries each question's final count: a batch still pending when the next question's answers
    // come is about the next question).
    expect(h.events('game:progress')).toEqual([]);
    const updates = (h.events('host:presence') as PresenceView[]).filter((u) => u.index >= 0);
    expect(new Set(updates.map((u) => u.index)).size).toBeGreaterThanOrEqual(2);
    for (const [i, u] of updates.entries()) {
      expect(u.counts.answered).toBeGreaterThan(0);
      expect(u.counts.answered).toBeLessThanOrEqual(N);
      const before = updates[i - 1];
      if (before?.index === u.index) expect(u.counts.answered).toBeGreaterThanOrEqual(before.counts.answered);
    }

    h.close();
    bots.forEach((b) => b.close());
  }, 60_000);
});
