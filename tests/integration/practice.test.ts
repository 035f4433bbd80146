/**
 * Solo practice over real sockets: a bot plays a round, and nothing it receives before answering a
 * question holds that question's answer key (the leak scan); a reload mid-round resumes; weak spots
 * come from misses (in practice and in a game), drop after two right answers in a row, and can be wiped.
 * A player's review after a game lists their misses.
 */
import type { FastifyInstance } from 'fastify';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.js';
import type { PlayerReview, PracticeState, WeakSpotView } from '../../shared/learning.js';
import type { Ack, HostState, QuestionView } from '../../shared/protocol.js';
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

const deviceId = () => randomBytes(16).toString('base64url');
const KEY_WORDS = /"(correct|whys|why|explanation|right|feedback|summary)"/;

/** Everything a bot saw (acks and events) must not name the answer of a question it has not answered. */
function leakScan(payload: unknown, q: QuestionView): void {
  const json = JSON.stringify(payload);
  expect(json).not.toMatch(KEY_WORDS);
  const rightId = q.options!.find((o) => o.text === correctTextOf(q.prompt))!.id;
  expect(json).not.toContain(`"option":"${rightId}"`);
}

async function bot(): Promise<Bot> {
  const b = new Bot(url);
  await b.connected();
  return b;
}

type StateAck = { state: PracticeState };
const pickFor = (q: QuestionView, right: boolean) => q.options!.find((o) => (o.text === correctTextOf(q.prompt)) === right)!.id;

describe('solo practice over the socket', () => {
  it('serves, grades, resumes after a reload, and feeds weak spots that drop after two right in a row', async () => {
    const device = deviceId();
    let b = await bot();
    const started = expectOk(await b.call<{ token: string; state: PracticeState }>('practice:start', { deckId: 'test-deck', mode: 'deck', count: 3, deviceId: device }));
    const { token } = started;
    let state = started.state;
    expect(state).toMatchObject({ phase: 'question', total: 3, index: 0, timed: false });
    let missedId = '';
    for (let i = 0; i < 3; i++) {
      const q = state.question!;
      leakScan(state, q);
      leakScan(b.received, q);
      const right = i !== 0; // the first question is missed on purpose
      const answered = expectOk(await b.call<StateAck>('practice:answer', { token, index: i, answer: { type: 'single', option: pickFor(q, right) } }));
      expect(answered.state.phase).toBe('feedback');
      expect(answered.state.feedback).toMatchObject({ index: i, credit: right ? 1 : 0, right: [`${pickFor(q, true)}) ${correctTextOf(q.prompt)}`] });
      expect(answered.state.feedback!.options.every((o) => typeof o.why === 'string')).toBe(true);
      if (!right) missedId = answered.state.feedback!.questionId;
      // A second answer to the same question is refused and changes nothing.
      const again = await b.call('practice:answer', { token, index: i, answer: { type: 'single', option: pickFor(q, !right) } });
      expect(again.ok ? 'ok' : again.error.code).toBe('ALREADY_ANSWERED');
      if (i === 1) {
        // Reload mid-round: a new socket resumes at the same feedback.
        b.close();
        b = await bot();
        const resumed = expectOk(await b.call<StateAck>('practice:resume', { token }));
        expect(resumed.state).toMatchObject({ phase: 'feedback', index: 1, scored: 1 });
      }
      state = expectOk(await b.call<StateAck>('practice:next', { token })).state;
    }
    expect(state.phase).toBe('done');
    expect(state.summary).toMatchObject({ total: 3, correct: 2 });
    expect(state.summary!.misses.map((m) => m.questionId)).toEqual([missedId]);

    const spots = async () => expectOk(await b.call<{ spots: WeakSpotView[] }>('weak:list', { deviceId: device })).spots;
    expect((await spots()).map((s) => [s.questionId, s.rightStreak])).toEqual([[missedId, 0]]);

    // "My weak spots": that one question; right twice in a row drops it.
    for (const streak of [1, 2]) {
      const w = expectOk(await b.call<{ token: string; state: PracticeState }>('practice:start', { deckId: 'test-deck', mode: 'weak', deviceId: device }));
      expect(w.state.total).toBe(1);
      leakScan(w.state, w.state.question!);
      expectOk(await b.call('practice:answer', { token: w.token, index: 0, answer: { type: 'single', option: pickFor(w.state.question!, true) } }));
      expect(await spots()).toEqual(streak === 1 ? [expect.objectContaining({ questionId: missedId, rightStreak: 1 })] : []);
    }
    const none = await b.call('practice:start', { deckId: 'test-deck', mode: 'weak', deviceId: device });
    expect(none.ok ? 'ok' : none.error.code).toBe('NO_WEAK_SPOTS');
    b.close();
  });

  it('"practise these" runs exactly the given questions; refusals have codes', async () => {
    const b = await bot();
    const s = expectOk(await b.call<{ token: string; state: PracticeState }>('practice:start', { deckId: 'test-deck', mode: 'questions', questionIds: ['test-q3', 'test-q1'], timed: true }));
    expect(s.state).toMatchObject({ total: 2, timed: true });
    expect(s.state.question!.deadline - s.state.question!.openedAt).toBe(10_000);
    const code = (r: Ack) => (r.ok ? 'ok' : r.error.code);
    expect(code(await b.call('practice:answer', { token: s.token, index: 1, answer: { type: 'single', option: 'A' } }))).toBe('WRONG_QUESTION');
    expect(code(await b.call('practice:answer', { token: s.token, index: 0, answer: { type: 'truefalse', value: true } }))).toBe('INVALID_ANSWER');
    expect(code(await b.call('practice:next', { token: s.token }))).toBe('WRONG_PHASE');
    const shown = expectOk(await b.call<StateAck>('practice:reveal', { token: s.token, index: 0 }));
    expect(shown.state.feedback).toMatchObject({ credit: 0, answered: false });
    expect(code(await b.call('practice:resume', { token: 'x'.repeat(32) }))).toBe('PRACTICE_NOT_FOUND');
    expect(code(await b.call('practice:start', { deckId: 'nope', mode: 'deck' }))).toBe('DECK_NOT_FOUND');
    expect(code(await b.call('practice:start', { deckId: 'test-deck', mode: 'deck', topics: ['nope'] }))).toBe('BAD_REQUEST');
    expect(code(await b.call('practice:start', { deckId: 'test-deck', mode: 'questions', questionIds: ['nope'] }))).toBe('BAD_REQUEST');
    expect(code(await b.call('practice:start', { deckId: 'test-deck', mode: 'deck', count: 0 }))).toBe('BAD_REQUEST');
    b.close();
  });
});

describe('after a game', () => {
  it("a player's review lists their misses; the game's misses join their device's weak spots; a wipe forgets them", async () => {
    const device = deviceId();
    const h = await bot();
    const created = expectOk(await h.call<{ hostToken: string; state: HostState }>('host:create', { deckId: 'test-deck', questionCount: 2 }));
    const auth = { pin: created.state.pin, hostToken: created.hostToken };
    const p = await bot();
    const joined = expectOk(await p.call<{ token: string }>('player:join', { pin: auth.pin, nickname: 'Dee', deviceId: device }));
    const early = await p.call('player:review', { pin: auth.pin, token: joined.token });
    expect(early.ok ? 'ok' : early.error.code).toBe('WRONG_PHASE');
    const asked: QuestionView[] = [];
    for (let i = 0; i < 2; i++) {
      const next = p.next<QuestionView>('game:question', (v) => v.index === i);
      expectOk(await h.call(i === 0 ? 'host:start' : 'host:next', auth));
      const q = await next;
      asked.push(q);
      const revealed = h.next('game:reveal');
      expectOk(await p.call('player:answer', { pin: auth.pin, index: i, answer: { type: 'single', option: pickFor(q, i === 1) } }));
      await revealed;
      expectOk(await h.call('host:next', auth));
    }
    const ended = h.next('game:podium');
    expectOk(await h.call('host:next', auth));
    await ended;
    const { review } = expectOk(await p.call<{ review: PlayerReview }>('player:review', { pin: auth.pin, token: joined.token }));
    expect(review.items).toHaveLength(1);
    expect(review.items[0]).toMatchObject({ number: 1, prompt: asked[0].prompt, yours: [`${pickFor(asked[0], false)}) ${asked[0].options!.find((o) => o.id === pickFor(asked[0], false))!.text}`] });
    const spots = expectOk(await p.call<{ spots: WeakSpotView[] }>('weak:list', { deviceId: device, deckId: 'test-deck' })).spots;
    expect(spots.map((s) => s.questionId)).toEqual([review.items[0].questionId]);
    expect(spots[0]).toMatchObject({ prompt: asked[0].prompt, deckTitle: expect.any(String) });
    expectOk(await p.call('weak:clear', { deviceId: device }));
    expect(expectOk(await p.call<{ spots: WeakSpotView[] }>('weak:list', { deviceId: device })).spots).toEqual([]);
    h.close();
    p.close();
  });
});
