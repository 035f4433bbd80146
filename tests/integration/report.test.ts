/**
 * The report of a real game over sockets, fetched over HTTP: bots with fixed answers, a late joiner,
 * a game ended during its third question (that question is not in the report), the host-only link,
 * the JSON figures and the CSV parsed back.
 */
import { parse } from 'csv-parse/sync';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.js';
import type { GameReport } from '../../shared/learning.js';
import type { HostState, PlayerState, QuestionView } from '../../shared/protocol.js';
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

const TOPIC_OF: Record<string, string> = { 'test-q1': 'inference', 'test-q2': 'orchestration', 'test-q3': 'orchestration' };

describe('the report of a scripted bot game', () => {
  it('has the figures the script decides, at a URL only the host can learn', async () => {
    const h = new Bot(url);
    await h.connected();
    const created = expectOk(await h.call<{ hostToken: string; state: HostState }>('host:create', { deckId: 'test-deck', scoring: 'exam' }));
    const { pin } = created.state;
    const auth = { pin, hostToken: created.hostToken };
    const join = async (name: string) => {
      const b = new Bot(url);
      await b.connected();
      expectOk(await b.call<{ token: string; state: PlayerState }>('player:join', { pin, nickname: name }));
      return b;
    };
    const ann = await join('Ann');
    const bob = await join('=Bob, "B"');
    const pick = (q: QuestionView, right: boolean) => q.options!.find((o) => (o.text === correctTextOf(q.prompt)) === right)!.id;
    const answer = async (b: Bot, q: QuestionView, right: boolean) =>
      expectOk(await b.call('player:answer', { pin, index: q.index, answer: { type: 'single', option: pick(q, right) } }));

    // Q1: Ann right, Bob wrong (everyone answered: it closes at once).
    let next = ann.next<QuestionView>('game:question', (v) => v.index === 0);
    expectOk(await h.call('host:start', auth));
    const q1 = await next;
    let revealed = h.next('game:reveal');
    await answer(ann, q1, true);
    await answer(bob, q1, false);
    await revealed;
    expectOk(await h.call('host:next', auth));
    // Cat joins late; Q2: Ann and Bob right, Cat wrong.
    const cat = await join('Cat');
    next = ann.next<QuestionView>('game:question', (v) => v.index === 1);
    expectOk(await h.call('host:next', auth));
    const q2 = await next;
    revealed = h.next('game:reveal');
    await answer(ann, q2, true);
    await answer(bob, q2, true);
    await answer(cat, q2, false);
    await revealed;
    expectOk(await h.call('host:next', auth));
    // Q3 opens, Ann answers, the host ends the game: Q3 is dropped.
    next = ann.next<QuestionView>('game:question', (v) => v.index === 2);
    expectOk(await h.call('host:next', auth));
    const q3 = await next;
    await answer(ann, q3, true);
    const podium = h.next('game:podium');
    expectOk(await h.call('host:end', auth));
    await podium;

    // The link: host token only.
    const link = (token?: string) => fetch(`${url}/api/rooms/${pin}/report`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
    expect((await link()).status).toBe(400);
    expect((await link('x'.repeat(32))).status).toBe(404); // the same as an unknown PIN (tests/security/report-oracle.test.ts)
    const linked = (await (await link(auth.hostToken)).json()) as { reportId: string; url: string; ready: boolean };
    expect(linked).toMatchObject({ ready: true, url: `/report/${linked.reportId}` });
    expect(linked.reportId).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(linked.reportId).not.toContain(pin);

    const res = await fetch(`${url}/api/reports/${linked.reportId}`);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const { report } = (await res.json()) as { report: GameReport };
    expect(report).toMatchObject({ asked: 2, planned: 3, scoring: 'exam', deck: { id: 'test-deck' } });
    const byNumber = Object.fromEntries(report.questions.map((q) => [q.number, q]));
    expect(byNumber[1]).toMatchObject({ players: 2, answered: 2, correct: 1, correctShare: 0.5, mostPickedWrong: { id: pick(q1, false), count: 1 } });
    expect(byNumber[2]).toMatchObject({ players: 3, answered: 3, correct: 2, mostPickedWrong: { id: pick(q2, false), count: 1 } });
    expect(byNumber[1].right).toEqual([`${pick(q1, true)}) ${correctTextOf(q1.prompt)}`]);
    expect(report.questions.map((q) => q.number)).toEqual([1, 2]); // 1/2 right is harder than 2/3
    expect(report.players.map((p) => [p.name, p.rank, p.score, p.correct, p.present])).toEqual([
      ['Ann', 1, 2000, 2, 2],
      ['=Bob, "B"', 2, 1000, 1, 2],
      ['Cat', 3, 0, 0, 1],
    ]);
    // Topics: mastery over the two asked questions' rows; the third topic question was never asked.
    const rows = [
      { topic: TOPIC_OF[byNumber[1].questionId], credits: [1, 0] },
      { topic: TOPIC_OF[byNumber[2].questionId], credits: [1, 1, 0] },
    ];
    for (const t of report.topics) {
      const mine = rows.filter((r) => r.topic === t.topic).flatMap((r) => r.credits);
      expect(t.mastery).toBe(mine.length ? mine.reduce((a, b) => a + b, 0) / mine.length : null);
    }

    const csvRes = await fetch(`${url}/api/reports/${linked.reportId}/csv`);
    expect(csvRes.headers.get('content-type')).toContain('text/csv');
    expect(csvRes.headers.get('content-disposition')).toMatch(/attachment; filename="cram-night-test-deck-\d{4}-\d{2}-\d{2}\.csv"/);
    const table = parse(await csvRes.text(), { bom: true }) as string[][];
    expect(table).toHaveLength(1 + 5);
    expect(table.filter((r) => r[0] === `'=Bob, "B"`)).toHaveLength(2);

    const missing = await fetch(`${url}/api/reports/${'a'.repeat(43)}`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('REPORT_NOT_FOUND');
    for (const b of [h, ann, bob, cat]) b.close();
  });

  it('marks a skipped question and leaves it out of topic mastery; a new game in the same room keeps the old report', async () => {
    const h = new Bot(url);
    await h.connected();
    const created = expectOk(await h.call<{ hostToken: string; state: HostState }>('host:create', { deckId: 'test-deck', scoring: 'exam' }));
    const { pin } = created.state;
    const auth = { pin, hostToken: created.hostToken };
    const ann = new Bot(url);
    await ann.connected();
    expectOk(await ann.call('player:join', { pin, nickname: 'Ann' }));
    const bob = new Bot(url);
    await bob.connected();
    expectOk(await bob.call('player:join', { pin, nickname: 'Bob' }));
    const pick = (q: QuestionView, right: boolean) => q.options!.find((o) => (o.text === correctTextOf(q.prompt)) === right)!.id;

    // Q1: Ann answers right, then the host skips (Bob never answers).
    let next = ann.next<QuestionView>('game:question', (v) => v.index === 0);
    expectOk(await h.call('host:start', auth));
    const q1 = await next;
    expectOk(await ann.call('player:answer', { pin, index: 0, answer: { type: 'single', option: pick(q1, true) } }));
    let revealed = h.next('game:reveal');
    expectOk(await h.call('host:skip', auth));
    await revealed;
    expectOk(await h.call('host:next', auth));
    // Q2: Ann right, Bob wrong; then the host ends the game.
    next = ann.next<QuestionView>('game:question', (v) => v.index === 1);
    expectOk(await h.call('host:next', auth));
    const q2 = await next;
    revealed = h.next('game:reveal');
    expectOk(await ann.call('player:answer', { pin, index: 1, answer: { type: 'single', option: pick(q2, true) } }));
    expectOk(await bob.call('player:answer', { pin, index: 1, answer: { type: 'single', option: pick(q2, false) } }));
    await revealed;
    const podium = h.next('game:podium');
    expectOk(await h.call('host:end', auth));
    await podium;

    const link = async () =>
      (await (await fetch(`${url}/api/rooms/${pin}/report`, { headers: { authorization: `Bearer ${auth.hostToken}` } })).json()) as { reportId: string; ready: boolean };
    const first = await link();
    const read = async (id: string) => ((await (await fetch(`${url}/api/reports/${id}`)).json()) as { report: GameReport }).report;
    const report = await read(first.reportId);
    const byNumber = Object.fromEntries(report.questions.map((q) => [q.number, q]));
    expect(byNumber[1]).toMatchObject({ skipped: true, players: 2, answered: 1, correct: 1 });
    expect(report.questions.map((q) => q.number)).toEqual([2, 1]); // skipped last
    const skippedTopic = TOPIC_OF[byNumber[1].questionId];
    const countedTopic = TOPIC_OF[byNumber[2].questionId];
    const mastery = Object.fromEntries(report.topics.map((t) => [t.topic, t.mastery]));
    expect(mastery[countedTopic]).toBe(0.5);
    if (skippedTopic !== countedTopic) expect(mastery[skippedTopic]).toBeNull();

    // New game with the same players: a new report id; the old report is still there.
    expectOk(await h.call('host:restart', auth));
    const second = await link();
    expect(second.ready).toBe(false);
    expect(second.reportId).not.toBe(first.reportId);
    expect(await read(first.reportId)).toEqual(report);
    for (const b of [h, ann, bob]) b.close();
  });
});
