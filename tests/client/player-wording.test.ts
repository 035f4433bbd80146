/** The words a phone uses about its own game (client/src/player/wording.ts) and each type's intro and partial-credit lines. */
import { describe, expect, it } from 'vitest';
import type { PlayerResult, QuestionView } from '../../shared/protocol.js';
import { standingFromLeaderboard, standingFromResult } from '../../client/src/player/standing.js';
import { matchPartial, matchTask } from '../../client/src/question-types/match/reveal.js';
import { multiPartial, multiTask } from '../../client/src/question-types/multi/reveal.js';
import { orderPartial, orderTask } from '../../client/src/question-types/order/reveal.js';
import { singleTask } from '../../client/src/question-types/single/reveal.js';
import { truefalseTask } from '../../client/src/question-types/truefalse/reveal.js';
import { gapLine, nextUp, outcome, placeText, pointsGained, rankChange, streakLine, timeLeft } from '../../client/src/player/wording.js';

const result = (o: Partial<PlayerResult>): PlayerResult => ({
  index: 0,
  answered: true,
  credit: 0,
  correct: false,
  points: 0,
  score: 0,
  streak: 0,
  rank: 1,
  players: 3,
  ...o,
});

describe('outcome', () => {
  it('right, partly right, wrong, no answer, skipped, and waiting for the result', () => {
    expect(outcome(result({ correct: true, credit: 1 }))).toMatchObject({ key: 'right', title: 'Right!' });
    expect(outcome(result({ credit: 0.5 }))).toMatchObject({ key: 'partial', title: 'Partly right' });
    expect(outcome(result({ credit: 0 }))).toMatchObject({ key: 'wrong', title: 'Not this time' });
    expect(outcome(result({ answered: false }))).toMatchObject({ key: 'none', title: 'No answer this time' });
    expect(outcome(result({ answered: false }), true)).toMatchObject({ key: 'skipped', title: 'Skipped' });
    // An answer given before the host skipped still counts as given.
    expect(outcome(result({ correct: true, credit: 1 }), true)).toMatchObject({ key: 'right' });
    expect(outcome(null)).toMatchObject({ key: 'wait', title: 'Checking your answer…' });
  });

  it('points gained, singular and plural', () => {
    expect(pointsGained(850)).toBe('+850 points');
    expect(pointsGained(1)).toBe('+1 point');
    expect(pointsGained(0)).toBe('+0 points');
  });
});

describe('streak', () => {
  it('a flame from two in a row, in words for screen readers', () => {
    expect(streakLine(3)).toEqual({ text: '🔥 3 in a row', label: '3 right in a row', hot: true });
    expect(streakLine(2).hot).toBe(true);
    expect(streakLine(1)).toEqual({ text: '1 in a row', label: '1 right in a row', hot: false });
  });
  it('says a streak of two or more ended; nothing to end otherwise', () => {
    expect(streakLine(0, 4)).toEqual({ text: 'Streak of 4 ended', label: 'Streak of 4 ended', hot: false });
    expect(streakLine(0, 1)).toEqual({ text: 'None', label: 'No streak', hot: false });
    expect(streakLine(0)).toEqual({ text: 'None', label: 'No streak', hot: false });
  });
});

describe('rank change', () => {
  it('up and down, one place and several', () => {
    expect(rankChange(2, 5)).toEqual({ move: 'up', text: '▲ 3 places', label: 'Up 3 places, now 2nd' });
    expect(rankChange(3, 2)).toEqual({ move: 'down', text: '▼ 1 place', label: 'Down 1 place, now 3rd' });
    expect(rankChange(1, 2)).toMatchObject({ move: 'up', text: '▲ 1 place' });
  });
  it('holding a place, alone or shared', () => {
    expect(rankChange(2, 2)).toEqual({ move: 'same', text: 'Holding 2nd', label: 'Holding 2nd' });
    expect(rankChange(1, 1, true)).toEqual({ move: 'same', text: 'Holding joint 1st', label: 'Holding joint 1st' });
  });
  it('ties count in rank numbers (1, 1, 3): moving into a shared 1st from 3rd is two places', () => {
    expect(rankChange(1, 3, true)).toEqual({ move: 'up', text: '▲ 2 places', label: 'Up 2 places, now joint 1st' });
    // Falling from a shared 1st to 3rd behind two players.
    expect(rankChange(3, 1)).toMatchObject({ move: 'down', text: '▼ 2 places' });
  });
  it('the first question has no change to tell', () => {
    expect(rankChange(2)).toEqual({ move: 'first', text: 'First standings', label: 'First standings, 2nd' });
    expect(rankChange(1, undefined, true).label).toBe('First standings, joint 1st');
  });
  it('place text', () => {
    expect(placeText(11)).toBe('11th');
    expect(placeText(2, true)).toBe('joint 2nd');
  });
});

describe('what comes next', () => {
  it('the next question by number, or the final results after the last', () => {
    expect(nextUp(2, 12)).toBe('Question 4 of 12 next');
    expect(nextUp(0, 3)).toBe('Question 2 of 3 next');
    expect(nextUp(10, 12)).toBe('Question 12 of 12 next');
    expect(nextUp(11, 12)).toBe('Final results next');
    expect(nextUp(0, 1)).toBe('Final results next');
  });
  it('time left from the server clock, rounded up like the timer', () => {
    expect(timeLeft(12_000)).toBe('12 s left');
    expect(timeLeft(11_001)).toBe('12 s left');
    expect(timeLeft(1)).toBe('1 s left');
    expect(timeLeft(0)).toBe('Time’s up');
    expect(timeLeft(-500)).toBe('Time’s up');
  });
});

describe('gap to the next place', () => {
  const top = [
    { id: 'a', name: 'Ana', score: 2400, rank: 1 },
    { id: 'b', name: 'Ben', score: 2280, rank: 2 },
    { id: 'c', name: 'Chloé', score: 2280, rank: 2 },
    { id: 'd', name: 'Dev', score: 900, rank: 4 },
  ];
  it('behind the player just ahead, level on a shared rank, leading from 1st', () => {
    expect(gapLine(top, 'd')).toBe('1380 points behind Ben');
    expect(gapLine(top, 'b')).toBe('Level with Chloé');
    expect(gapLine(top, 'a')).toBe('Leading by 120 points');
    expect(gapLine([top[0], { ...top[1], score: 2399 }], 'a')).toBe('Leading by 1 point');
  });
  it('nothing to say when this player is not in the list or plays alone', () => {
    expect(gapLine(top, 'z')).toBeNull();
    expect(gapLine([top[0]], 'a')).toBeNull();
  });
});

describe('standings kept across screens', () => {
  const lb = (index: number, top: { id: string; rank: number; previousRank?: number }[]) => ({
    index,
    total: 3,
    players: 4,
    top: top.map((t) => ({ ...t, name: t.id, score: 0, correct: 0, streak: 0 })),
  });
  it("a result carries the server's rank before it; the first question has none", () => {
    expect(standingFromResult(result({ index: 0, rank: 3 }), null)).toEqual({ index: 0, rank: 3, players: 3, previousRank: undefined, tied: false });
    expect(standingFromResult(result({ index: 1, rank: 1, previousRank: 3 }), null)).toMatchObject({ rank: 1, previousRank: 3 });
  });
  it('the leaderboard tells ties among its top entries; a result for the same question again keeps them', () => {
    const s1 = standingFromResult(result({ index: 1, rank: 1, previousRank: 3 }), null);
    const tied = standingFromLeaderboard(lb(1, [{ id: 'me', rank: 1, previousRank: 3 }, { id: 'x', rank: 1 }]), 'me', s1);
    expect(tied).toEqual({ index: 1, rank: 1, players: 4, previousRank: 3, tied: true });
    expect(standingFromResult(result({ index: 1, rank: 1, previousRank: 3 }), tied).tied).toBe(true);
    expect(standingFromResult(result({ index: 2, rank: 1, previousRank: 1 }), tied).tied).toBe(false);
    expect(standingFromLeaderboard(lb(1, [{ id: 'x', rank: 1 }, { id: 'me', rank: 2 }]), 'me', s1)).toMatchObject({ rank: 2, tied: false });
    // Beyond the top entries: the result's standings for that question, else nothing.
    expect(standingFromLeaderboard(lb(1, [{ id: 'x', rank: 1 }]), 'me', s1)).toBe(s1);
    expect(standingFromLeaderboard(lb(2, [{ id: 'x', rank: 1 }]), 'me', s1)).toBeNull();
  });
});

describe('each question type: what to do, and how partial credit was worked out', () => {
  const q = (type: string, extra: object = {}) => ({ type, ...extra }) as unknown as QuestionView;
  it('the get-ready task line', () => {
    expect(singleTask()).toBe('Pick one answer');
    expect(multiTask(q('multi', { choose: 3 }))).toBe('Choose 3');
    expect(truefalseTask()).toBe('True or false?');
    expect(matchTask()).toBe('Match each pair');
    expect(orderTask()).toBe('Put the steps in order');
  });
  it('multi: right minus wrong; match: pairs; order: steps in place', () => {
    expect(multiPartial({ type: 'multi', options: ['A', 'C'] }, { type: 'multi', options: ['A', 'B'] })).toBe(
      'Right minus wrong: 1 right, 1 wrong: 0 of 2',
    );
    const pairs = [
      { left: 'L1', right: 'R2' },
      { left: 'L2', right: 'R1' },
      { left: 'L3', right: 'R3' },
      { left: 'L4', right: 'R4' },
    ];
    const mine = [
      { left: 'L1', right: 'R2' },
      { left: 'L2', right: 'R3' },
      { left: 'L4', right: 'R4' },
    ];
    expect(matchPartial({ type: 'match', pairs }, { type: 'match', pairs: mine })).toBe('2 of 4 pairs right');
    expect(orderPartial({ type: 'order', order: ['S1', 'S2', 'S3'] }, { type: 'order', order: ['S1', 'S3', 'S2'] })).toBe(
      '1 of 3 steps in the right place',
    );
    expect(orderPartial({ type: 'order', order: ['S1', 'S2'] }, null)).toBe('0 of 2 steps in the right place');
    // Another type's correct answer says nothing.
    expect(matchPartial({ type: 'single', option: 'A' }, { type: 'single', option: 'B' })).toBe('');
    expect(multiTask(q('multi'))).toBe('Choose 2');
  });
});
