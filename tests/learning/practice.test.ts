/** The practice engine: one question at a time, graded with the game's grading, no answer key before the answer. */
import { describe, expect, it } from 'vitest';
import { answerPractice, giveUpPractice, newPractice, nextPractice, practiceState, PRACTICE_GRACE_MS, type PracticeSession } from '../../server/learning/practice.js';
import { applyOutcome } from '../../server/learning/weak.js';
import { QUESTIONS, TOPICS } from './scripted-game.js';

const start = (timed = false) =>
  newPractice({ token: 'tok-0000000000000000', deckId: 'deck-net', deckTitle: 'Net', topics: TOPICS, questions: QUESTIONS.slice(0, 2), timed, now: 1000 });

function ok(r: ReturnType<typeof answerPractice>): PracticeSession {
  if (!r.ok) throw new Error(r.error.message);
  return r.session;
}

describe('practice engine', () => {
  it('serves the question without its answer, then feedback with the answer, then the summary', () => {
    let s = start();
    const first = practiceState(s, 1000);
    expect(first.phase).toBe('question');
    expect(JSON.stringify(first)).not.toMatch(/correct|why|explain/i);
    expect(first.question).toMatchObject({ index: 0, total: 2, deadline: 0, prompt: QUESTIONS[0].view.prompt });

    s = ok(answerPractice(s, 0, { type: 'single', option: 'B' }, 5000));
    const fb = practiceState(s, 5000);
    expect(fb.phase).toBe('feedback');
    expect(fb.feedback).toMatchObject({ index: 0, credit: 0, yours: ['B) 80'], right: ['A) 443'], late: false, explanation: 'explain q-port' });

    s = ok(nextPractice(s, 6000));
    expect(JSON.stringify(practiceState(s, 6000))).not.toMatch(/RFC 1918|explain q-private/);
    s = ok(answerPractice(s, 1, { type: 'multi', options: ['A', 'C'] }, 7000));
    s = ok(nextPractice(s, 8000));
    const done = practiceState(s, 8000);
    expect(done.phase).toBe('done');
    expect(done.summary).toMatchObject({ total: 2, correct: 1 });
    expect(done.summary!.misses.map((m) => m.questionId)).toEqual(['q-port']);
    expect(done.summary!.topics).toEqual([{ topic: 'net', title: 'Networking', asked: 2, mastery: 0.5 }]);
  });

  it('refuses wrong moves with codes and changes nothing', () => {
    const s = start();
    const bad = (r: ReturnType<typeof answerPractice>) => (r.ok ? 'ok' : r.error.code);
    expect(bad(answerPractice(s, 1, { type: 'single', option: 'A' }, 1))).toBe('WRONG_QUESTION');
    expect(bad(answerPractice(s, 0, { type: 'multi', options: ['A'] }, 1))).toBe('INVALID_ANSWER');
    expect(bad(answerPractice(s, 0, { type: 'single', option: 'Z' }, 1))).toBe('INVALID_ANSWER');
    expect(bad(nextPractice(s, 1))).toBe('WRONG_PHASE');
    const answered = ok(answerPractice(s, 0, { type: 'single', option: 'A' }, 1));
    expect(bad(answerPractice(answered, 0, { type: 'single', option: 'B' }, 2))).toBe('ALREADY_ANSWERED');
    expect(bad(giveUpPractice(answered, 0, 2))).toBe('ALREADY_ANSWERED');
  });

  it('timed: the game time applies; an answer after it (and the grace) is a miss; giving up is a miss', () => {
    let s = start(true);
    expect(s.deadline).toBe(1000 + QUESTIONS[0].durationMs);
    const late = ok(answerPractice(s, 0, { type: 'single', option: 'A' }, s.deadline + PRACTICE_GRACE_MS + 1));
    expect(practiceState(late, 0).feedback).toMatchObject({ credit: 0, late: true, yours: ['A) 443'] });
    const inGrace = ok(answerPractice(s, 0, { type: 'single', option: 'A' }, s.deadline + PRACTICE_GRACE_MS));
    expect(practiceState(inGrace, 0).feedback).toMatchObject({ credit: 1, late: false });
    s = ok(giveUpPractice(s, 0, 2000));
    expect(practiceState(s, 2000).feedback).toMatchObject({ credit: 0, answered: false, yours: [] });
  });
});

describe('weak-spot rule', () => {
  const o = (credit: number, at: number) => ({ deckId: 'd', questionId: 'q', credit, at });
  it('a miss adds, a right answer counts up, two right in a row drop it, a right answer alone adds nothing', () => {
    const w1 = applyOutcome(undefined, o(0.5, 10));
    expect(w1).toEqual({ deckId: 'd', questionId: 'q', missedAt: 10, rightStreak: 0 });
    const w2 = applyOutcome(w1, o(1, 20));
    expect(w2).toEqual({ ...w1, rightStreak: 1 });
    expect(applyOutcome(w2, o(1, 30))).toBeUndefined();
    expect(applyOutcome(w2, o(0, 30))).toEqual({ ...w1, missedAt: 30 });
    expect(applyOutcome(undefined, o(1, 40))).toBeUndefined();
  });
});
