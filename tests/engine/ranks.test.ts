/** Rank changes and streaks for the leaderboard's motion (issue 14): previousRank and streak from the close. */
import { describe, expect, it } from 'vitest';
import { scoreQuestion } from '../../server/engine/close.js';
import { rankOfScore } from '../../server/engine/ranking.js';
import type { AnswerRecord, PlayerRecord, PlayerScoreUpdate, RoomState } from '../../server/engine/types.js';
import { podiumView } from '../../server/engine/views.js';
import type { PlayerResult } from '../../shared/protocol.js';
import { player, prepared, room } from './fixtures.js';

const q = prepared()[0];
const right = q.correct.type === 'single' ? q.correct.option : '';
const wrong = ['A', 'B', 'C', 'D'].find((x) => x !== right)!;
const closing = (index: number): RoomState => room({ phase: 'closing', index, openedAt: 1000, deadline: 21_000, questionCount: 5 });
const ans = (playerId: string, ok: boolean, at = 1200): AnswerRecord => ({ playerId, answer: { type: 'single', option: ok ? right : wrong }, at });
/** A `last` result of question `index` (what the close before this one stored). */
const last = (index: number): PlayerResult => ({ index, answered: true, credit: 1, correct: true, points: 0, score: 0, streak: 0, rank: 1, players: 1 });
const apply = (ps: PlayerRecord[], updates: PlayerScoreUpdate[]) => ps.map((p) => ({ ...p, ...updates.find((u) => u.id === p.id) }));

describe('rankOfScore', () => {
  it('ranks scores like the standings: ties share, the next rank skips', () => {
    const rank = rankOfScore([500, 2000, 500, 0, 1000, 0]);
    expect([2000, 1000, 500, 0].map(rank)).toEqual([1, 2, 3, 5]);
  });
  it('an empty room ranks nobody', () => {
    expect(rankOfScore([])(0)).toBe(1);
  });
});

describe('previousRank and streak', () => {
  it('the first question has no previous rank; the streak is in the leaderboard', () => {
    const ps = [player('ann'), player('bob')];
    const out = scoreQuestion(closing(0), q, ps, [ans('ann', true), ans('bob', false)], 30_000);
    for (const r of out.results.values()) expect(r).not.toHaveProperty('previousRank');
    expect(out.state.leaderboard).toEqual([
      { id: 'ann', name: 'ann', score: expect.any(Number), rank: 1, correct: 1, streak: 1 },
      { id: 'bob', name: 'bob', score: 0, rank: 2, correct: 0, streak: 0 },
    ]);
  });

  it('an overtake: the rank before this question, ties shared, beside the rank after', () => {
    // Before question 1: ann 1000 and bob 1000 tie for 1st, cat 500 is 3rd, dan 0 is 4th.
    const ps = [
      player('ann', { score: 1000, streak: 1, correct: 1, last: last(0), joinedAt: 1 }),
      player('bob', { score: 1000, streak: 1, correct: 1, last: last(0), joinedAt: 2 }),
      player('cat', { score: 500, streak: 0, last: last(0), joinedAt: 3 }),
      player('dan', { score: 0, streak: 0, last: last(0), joinedAt: 4 }),
    ];
    const out = scoreQuestion(closing(1), q, ps, [ans('cat', true), ans('dan', true), ans('bob', false)], 30_000);
    const r = (id: string) => out.results.get(id)!;
    // cat (500 + 1000 and more) overtakes both; dan's 1000 and speed points put him above ann and bob's 1000.
    expect(r('cat')).toMatchObject({ rank: 1, previousRank: 3, streak: 1 });
    expect(r('dan')).toMatchObject({ rank: 2, previousRank: 4, streak: 1 });
    expect(r('ann')).toMatchObject({ rank: 3, previousRank: 1, streak: 0 });
    expect(r('bob')).toMatchObject({ rank: 3, previousRank: 1, streak: 0 });
    const board = out.state.leaderboard!;
    expect(board.map((e) => [e.id, e.rank, e.previousRank, e.streak])).toEqual([
      ['cat', 1, 3, 1],
      ['dan', 2, 4, 1],
      ['ann', 3, 1, 0],
      ['bob', 3, 1, 0],
    ]);
  });

  it('a player who joined after the last question has none; a kicked player does not count before either', () => {
    const ps = [
      player('ann', { score: 900, last: last(1) }),
      player('gone', { score: 5000, kicked: true, last: last(1) }),
      player('new', { score: 0 }),
      player('old', { score: 0, last: last(0) }), // its last result is older than question 1
    ];
    const out = scoreQuestion(closing(2), q, ps, [ans('new', true)], 30_000);
    expect(out.results.get('ann')).toMatchObject({ previousRank: 1 });
    expect(out.results.get('new')).not.toHaveProperty('previousRank');
    expect(out.results.get('old')).not.toHaveProperty('previousRank');
    expect(out.results.has('gone')).toBe(false);
  });

  it('the streak grows on fully correct answers, resets on anything else, and carries to the podium', () => {
    let ps = [player('ann', { joinedAt: 1 }), player('bob', { joinedAt: 2 })];
    const streaks: number[][] = [];
    const plays: [boolean, boolean][] = [[true, true], [true, false], [true, true]];
    plays.forEach(([a, b], index) => {
      const out = scoreQuestion(closing(index), q, ps, [ans('ann', a), ans('bob', b)], 30_000);
      ps = apply(ps, out.updates);
      streaks.push(out.state.leaderboard!.map((e) => e.streak));
    });
    expect(streaks).toEqual([[1, 1], [2, 0], [3, 1]]);
    const podium = podiumView(room({ phase: 'ended' }), ps);
    expect(podium.top.map((e) => [e.id, e.streak])).toEqual([['ann', 3], ['bob', 1]]);
    expect(podium.top[0]).not.toHaveProperty('previousRank');
  });
});
