/** Every figure of the report of a scripted game (tests/learning/scripted-game.ts), worked out by hand. */
import { describe, expect, it } from 'vitest';
import { computeReport, minReadMs } from '../../server/learning/report.js';
import { playerReview } from '../../server/learning/review.js';
import { playScriptedGame, QUESTIONS } from './scripted-game.js';

const report = computeReport(playScriptedGame());
const q = (number: number) => report.questions.find((x) => x.number === number)!;

describe('report of a scripted game', () => {
  it('lists every asked question, hardest first, the skipped one last', () => {
    expect(report.asked).toBe(4);
    expect(report.planned).toBe(4);
    // Q4 1/3 right; Q1 and Q2 1/2 right, Q1 weaker on mean credit (0.5 < 0.75); Q3 skipped.
    expect(report.questions.map((x) => x.number)).toEqual([4, 1, 2, 3]);
  });

  it('per question: players, answered, correct share, mean credit, average time, most-picked wrong option', () => {
    expect(q(1)).toMatchObject({ questionId: 'q-port', players: 2, answered: 2, correct: 1, correctShare: 0.5, meanCredit: 0.5, avgAnswerMs: 4000, mostPickedWrong: { id: 'B', text: '80', count: 1 } });
    expect(q(2)).toMatchObject({ players: 2, answered: 2, correct: 1, correctShare: 0.5, meanCredit: 0.75, avgAnswerMs: 2050, mostPickedWrong: null });
    expect(q(3)).toMatchObject({ skipped: true, players: 3, answered: 1, correct: 1, avgAnswerMs: 1000, mostPickedWrong: null });
    expect(q(3).correctShare).toBeCloseTo(1 / 3, 10);
    expect(q(4)).toMatchObject({ players: 3, answered: 3, correct: 1, avgAnswerMs: 5000, mostPickedWrong: { id: 'B', text: 'Group', count: 2 } });
    expect(q(4).correctShare).toBeCloseTo(1 / 3, 10);
  });

  it('each question opens with its right answer, the why of each option and the explanation', () => {
    expect(q(2).right).toEqual(['A) 10.0.0.0/8', 'C) 192.168.0.0/16']);
    expect(q(2).options.map((o) => [o.id, o.correct, o.why])).toEqual([['A', true, 'RFC 1918'], ['B', false, 'public'], ['C', true, 'RFC 1918']]);
    expect(q(2).explanation).toBe('explain q-private');
    expect(q(3).right).toEqual(['True']);
    expect(q(3).topicTitle).toBe('Security');
  });

  it('per topic: mastery over asked questions only (skipped left out), weakest first, "not asked" never 0%', () => {
    expect(report.topics.map((t) => t.topic)).toEqual(['sec', 'net', 'ops']);
    const [sec, net, ops] = report.topics;
    expect(sec.asked).toBe(3); // Q4's three answers; the skipped Q3 does not count
    expect(sec.mastery).toBeCloseTo(1 / 3, 10);
    expect(net).toMatchObject({ asked: 4, mastery: 2.5 / 4 }); // Q1: 1 + 0, Q2: 1 + 0.5
    expect(ops).toEqual({ topic: 'ops', title: 'Operations', asked: 0, mastery: null });
  });

  it('per player: rank, score, correct count, presence (late joiner), per topic', () => {
    expect(report.players.map((p) => [p.id, p.rank, p.score, p.correct, p.answered, p.present])).toEqual([
      ['ann', 1, 3000, 3, 4, 4], // exam scoring scores the skipped question as it stood
      ['bob', 2, 1000, 1, 3, 4],
      ['cat', 3, 0, 0, 1, 2],
    ]);
    const topics = (id: string) => Object.fromEntries(report.players.find((p) => p.id === id)!.topics.map((t) => [t.topic, t.mastery]));
    expect(topics('ann')).toEqual({ net: 1, sec: 0, ops: null });
    expect(topics('bob')).toEqual({ net: 0.25, sec: 1, ops: null });
    expect(topics('cat')).toEqual({ net: null, sec: 0, ops: null });
  });

  it('flags answers faster than the question can be read, and only those', () => {
    const readMs = minReadMs(QUESTIONS[1]);
    expect(readMs).toBeGreaterThan(100);
    expect(report.players.find((p) => p.id === 'bob')!.fast).toEqual([{ number: 2, questionId: 'q-private', answerMs: 100, readMs }]);
    for (const id of ['ann', 'cat']) expect(report.players.find((p) => p.id === id)!.fast).toEqual([]);
  });

  it('has one answer row per player per question they were there for', () => {
    expect(report.answers).toHaveLength(2 + 2 + 3 + 3);
    expect(report.answers.filter((r) => r.playerId === 'cat').map((r) => r.number)).toEqual([3, 4]);
    expect(report.answers.find((r) => r.playerId === 'bob' && r.number === 2)).toMatchObject({ answer: ['A) 10.0.0.0/8'], credit: 0.5, points: 0, answerMs: 100 });
    expect(report.answers.find((r) => r.playerId === 'bob' && r.number === 3)).toMatchObject({ answer: [], credit: 0, answerMs: null, skipped: true });
  });
});

describe("a player's review", () => {
  const stored = playScriptedGame();

  it('holds their misses and partial answers, not the skipped question, with their answer and the right one', () => {
    const bob = playerReview(stored, 'bob')!;
    expect(bob.items.map((i) => [i.number, i.credit])).toEqual([[1, 0], [2, 0.5]]);
    expect(bob.items[0]).toMatchObject({ yours: ['B) 80'], right: ['A) 443'], answered: true, explanation: 'explain q-port' });
    expect(bob.items[0].options.find((o) => o.id === 'B')).toEqual({ id: 'B', text: '80', correct: false, picked: true, why: 'why 80' });
    expect(bob.topics.map((t) => [t.topic, t.mastery])).toEqual([['net', 0.25], ['sec', 1]]);
    expect(bob).toMatchObject({ rank: 2, score: 1000, correct: 1, present: 4 });
  });

  it('a late joiner reviews only what they were there for; an unknown player gets null', () => {
    expect(playerReview(stored, 'cat')!.items.map((i) => i.number)).toEqual([4]);
    expect(playerReview(stored, 'nobody')).toBeNull();
  });
});
