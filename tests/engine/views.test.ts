import { describe, expect, it } from 'vitest';
import { scoreQuestion } from '../../server/engine/close.js';
import { playerState, podiumView, revealView } from '../../server/engine/views.js';
import { player, prepared, room } from './fixtures.js';

const qs = prepared();
const q = qs[0];
const right = q.correct.type === 'single' ? q.correct.option : '';

describe('reconnection views', () => {
  const p = player('p1', { score: 2100, streak: 2 });
  it('a player rejoining mid-question gets the open question, the same deadline, and the answer already given', () => {
    const r = room({ phase: 'question', index: 0, openedAt: 1000, deadline: 21_000 });
    const s = playerState(r, q, p, { playerId: 'p1', answer: { type: 'single', option: 'B' }, at: 3000 }, 5, 8000);
    expect(s).toMatchObject({ phase: 'question', you: { id: 'p1', score: 2100, streak: 2 }, yourAnswer: { type: 'single', option: 'B' } });
    expect(s.question).toMatchObject({ index: 0, deadline: 21_000, openedAt: 1000, serverNow: 8000 });
    expect(JSON.stringify(s)).not.toContain('"correct"');
    expect(s.reveal).toBeUndefined();
  });
  it('a question being scored still shows as the question to clients, with no answer in it', () => {
    const s = playerState(room({ phase: 'closing', index: 0 }), q, p, null, 5, 0);
    expect(s.phase).toBe('question');
    expect(s.reveal).toBeUndefined();
  });
  it('a player rejoining during the reveal gets the reveal and their own result', () => {
    const closing = room({ phase: 'closing', index: 0, openedAt: 0, deadline: 20_000 });
    const out = scoreQuestion(closing, q, [player('p1')], [{ playerId: 'p1', answer: { type: 'single', option: right }, at: 100 }], 21_000);
    const p1 = { ...player('p1'), ...out.updates[0] };
    const s = playerState(out.state, q, p1, null, 1, 22_000);
    expect(s.phase).toBe('reveal');
    expect(s.reveal).toEqual(revealView(out.state, q));
    expect(s.result).toMatchObject({ index: 0, correct: true, rank: 1 });
    expect(s.you.score).toBe(out.updates[0].score);
  });
  it('a player rejoining after the end gets their final rank', () => {
    const s = playerState(room({ phase: 'ended', index: 2 }), q, player('p1', { rank: 2, score: 900, correct: 1 }), null, 7, 0);
    expect(s.final).toEqual({ rank: 2, score: 900, correct: 1, players: 7 });
  });
  it('reveal is only built for the question that closed', () => {
    expect(revealView(room({ phase: 'question', index: 1, reveal: { index: 0, distribution: {}, answered: 0, players: 0 } }), q)).toBeUndefined();
  });
});

describe('podium', () => {
  it('shows the top three and a per-topic report', () => {
    const players = ['a', 'b', 'c', 'd'].map((id, i) => player(id, { score: 1000 * (4 - i) }));
    const v = podiumView(room({ topicStats: { t1: { asked: 2, credit: 1.5 } } }), players);
    expect(v.top.map((e) => [e.name, e.rank])).toEqual([['a', 1], ['b', 2], ['c', 3]]);
    expect(v.players).toBe(4);
    expect(v.topics).toEqual([{ topic: 't1', title: 'Topic one', asked: 2, credit: 0.75 }]);
  });
});
