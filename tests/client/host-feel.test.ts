/**
 * The projector's game-feel logic as plain functions: leaderboard callouts and row order, the
 * podium's build-up, the lobby's layout as the room grows, and the motion timing rules.
 */
import { describe, expect, it } from 'vitest';
import { callouts, placesMoved, previousOrder, type CalloutEntry } from '../../client/src/host/callouts.js';
import { introLeft, introMsOf, questionKind, topicTitle } from '../../client/src/host/intro.js';
import { CHIPS_MAX, COLUMNS_MAX, LATEST_SHOWN, lobbyLayout } from '../../client/src/host/lobby-layout.js';
import { buildUpMs, LAND_MS, podiumSteps, STEP_MS, stepsShown } from '../../client/src/host/podium.js';
import { after, MAX_MOTION_MS, motionMs } from '../../client/src/lib/motion.js';
import type { QuestionView } from '../../shared/protocol.js';

const e = (name: string, rank: number, previousRank?: number, streak = 0): CalloutEntry => ({ id: name.toLowerCase(), name, rank, previousRank, streak });

describe('leaderboard callouts', () => {
  it('says nothing after the first question (no previous ranks) unless someone has a streak', () => {
    expect(callouts([e('Ana', 1), e('Ben', 2)])).toEqual([]);
    expect(callouts([e('Ana', 1), e('Ben', 2, undefined, 3)]).map((c) => c.text)).toEqual(['Ben: 3 in a row']);
  });

  it('names an overtake, and a lead taken comes first', () => {
    const out = callouts([e('Ana', 1, 2), e('Ben', 2, 1), e('Chloé', 3, 5), e('Dev', 4, 3), e('Eve', 5, 4)]);
    expect(out.map((c) => c.text)).toEqual(['Ana takes the lead from Ben', 'Chloé overtakes Dev and Eve']);
    expect(out.map((c) => c.kind)).toEqual(['lead', 'overtake']);
    expect(out[0].id).toBe('ana');
  });

  it('names the best-placed player passed, and counts the rest', () => {
    const out = callouts([e('Ana', 1, 1), e('Zoe', 2, 5), e('Ben', 3, 2), e('Cy', 4, 3), e('Di', 5, 4)]);
    expect(out[0].text).toBe('Zoe overtakes Ben and 2 others');
  });

  it('a shared rank is level, not ahead', () => {
    // Ana was 2nd, now shares 1st with Ben: she joins him, she does not overtake him.
    expect(callouts([e('Ana', 1, 2), e('Ben', 1, 1)]).map((c) => c.text)).toEqual(['Ana joins Ben in the lead']);
    expect(callouts([e('Ana', 1, 1), e('Ben', 3, 4), e('Cy', 3, 3)]).map((c) => c.text)).toEqual(['Ben draws level with Cy']);
    // Two who were level and still are: nothing to say.
    expect(callouts([e('Ana', 1, 1), e('Ben', 1, 1)])).toEqual([]);
    // Tied before, one pulls ahead: no overtake (she was never behind).
    expect(callouts([e('Ana', 1, 1), e('Ben', 2, 1)])).toEqual([]);
  });

  it('at most three, most interesting first, one per player', () => {
    const out = callouts([
      e('Ana', 1, 2, 6),
      e('Ben', 2, 1),
      e('Cy', 3, 3, 3),
      e('Di', 4, 4, 8),
      e('Eve', 5, 7),
      e('Fay', 6, 5),
      e('Gus', 7, 6),
    ]);
    expect(out).toHaveLength(3);
    // The lead beats Ana's own streak (one callout for her); Di's 8 in a row beats Eve's two-place climb.
    expect(out.map((c) => c.text)).toEqual(['Ana takes the lead from Ben', 'Di: 8 in a row', 'Eve overtakes Fay and Gus']);
    expect(new Set(out.map((c) => c.id)).size).toBe(3);
    expect(callouts([e('Ana', 1, 2), e('Ben', 2, 1)], 0)).toEqual([]);
  });

  it('places moved and the order before the move', () => {
    expect(placesMoved(e('Ana', 1, 4))).toBe(3);
    expect(placesMoved(e('Ana', 4, 1))).toBe(-3);
    expect(placesMoved(e('Ana', 2))).toBe(0);
    const now = [e('Ana', 1, 3), e('Ben', 2, 1), e('New', 3), e('Cy', 3, 2)];
    expect(previousOrder(now).map((x) => x.name)).toEqual(['Ben', 'Cy', 'Ana', 'New']);
    expect(now.map((x) => x.name)).toEqual(['Ana', 'Ben', 'New', 'Cy']);
  });
});

describe('podium build-up', () => {
  it('third, then second, then first', () => {
    const steps = podiumSteps([e('Ana', 1), e('Ben', 2), e('Cy', 3), e('Di', 4)]);
    expect(steps.map((s) => [s.step, s.entries.map((x) => x.name)])).toEqual([
      [3, ['Cy']],
      [2, ['Ben']],
      [1, ['Ana']],
    ]);
  });

  it('ties share a step and are revealed together', () => {
    expect(podiumSteps([e('Ana', 1), e('Ben', 1), e('Cy', 3)]).map((s) => [s.step, s.entries.map((x) => x.name)])).toEqual([
      [3, ['Cy']],
      [1, ['Ana', 'Ben']],
    ]);
    expect(podiumSteps([e('Ana', 1), e('Ben', 2), e('Cy', 2)]).map((s) => s.step)).toEqual([2, 1]);
    expect(podiumSteps([])).toEqual([]);
  });

  it('one step at a time, all at once with reduced motion', () => {
    expect(stepsShown(3, 0, false)).toBe(1);
    expect(stepsShown(3, STEP_MS - 1, false)).toBe(1);
    expect(stepsShown(3, STEP_MS, false)).toBe(2);
    expect(stepsShown(3, 10 * STEP_MS, false)).toBe(3);
    expect(stepsShown(3, 0, true)).toBe(3);
    // Busy until the winner has landed: after the last step shows, plus its own animation.
    expect(buildUpMs(3)).toBe(2 * STEP_MS + LAND_MS);
    expect(buildUpMs(0)).toBe(0);
  });
});

describe('lobby layout', () => {
  const players = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `p${i}`, name: `P${i}` }));

  it('chips, then columns, then the latest names with a count', () => {
    expect(lobbyLayout(players(3), 3)).toMatchObject({ mode: 'chips', hidden: 0 });
    expect(lobbyLayout(players(CHIPS_MAX + 1), CHIPS_MAX + 1).mode).toBe('columns');
    const big = lobbyLayout(players(COLUMNS_MAX + 100), COLUMNS_MAX + 100);
    expect(big.mode).toBe('latest');
    expect(big.shown).toHaveLength(LATEST_SHOWN);
    expect(big.shown[0].name).toBe(`P${COLUMNS_MAX + 99}`);
    expect(big.hidden).toBe(COLUMNS_MAX + 100 - LATEST_SHOWN);
  });

  it('counts players the host has not been told the names of', () => {
    expect(lobbyLayout(players(2), 5)).toMatchObject({ mode: 'chips', hidden: 3 });
  });
});

describe('motion rules', () => {
  it('every animation is under 600 ms and none when motion is reduced', () => {
    expect(motionMs(300, false)).toBe(300);
    expect(motionMs(5000, false)).toBeLessThan(MAX_MOTION_MS);
    expect(motionMs(300, true)).toBe(0);
  });

  it('a delayed change happens at once when motion is reduced', () => {
    let ran = 0;
    after(10_000, () => ran++, true);
    expect(ran).toBe(1);
    const cancel = after(10_000, () => ran++, false);
    cancel();
    expect(ran).toBe(1);
  });
});

describe('get-ready beat', () => {
  const base = { index: 2, total: 12, topic: 'infer', prompt: 'Which?', openedAt: 10_000, deadline: 30_000, durationMs: 20_000, serverNow: 7_000 };

  it('says what kind of question is coming', () => {
    const options = [{ id: 'A', text: 'a' }, { id: 'B', text: 'b' }];
    expect(questionKind({ ...base, type: 'single', options } as QuestionView)).toBe('Pick one answer');
    expect(questionKind({ ...base, type: 'multi', options, choose: 3 } as QuestionView)).toBe('Choose 3');
    expect(questionKind({ ...base, type: 'truefalse' } as QuestionView)).toBe('True or false');
    expect(questionKind({ ...base, type: 'newtype' } as unknown as QuestionView)).toBe('');
  });

  it('names the topic from what the host knows, else its id', () => {
    expect(topicTitle('infer', [], [{ id: 'infer', title: 'Inference options' }])).toBe('Inference options');
    expect(topicTitle('infer', [{ id: 'infer', title: 'Picked' }], undefined)).toBe('Picked');
    expect(topicTitle('infer', undefined, undefined)).toBe('infer');
  });

  it('counts down to openedAt on the server clock, frozen while paused', () => {
    expect(introLeft(10_000, 7_000)).toBe(3_000);
    expect(introLeft(10_000, 10_500)).toBe(0);
    expect(introLeft(10_000, 99_999, true, 1_200)).toBe(1_200);
    expect(introMsOf({ introMs: 3000 })).toBe(3000);
    expect(introMsOf({})).toBe(0);
  });
});
