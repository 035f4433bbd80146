/**
 * The question's get-ready beat (issue 14): the question goes out at the beat's start, answers open at
 * `openedAt` (its end) and the answer window runs from there, so the beat never takes answer time.
 */
import { describe, expect, it } from 'vitest';
import { checkAnswer } from '../../server/engine/answer.js';
import { dueAt, introLeftMs } from '../../server/engine/clock.js';
import { scoreQuestion } from '../../server/engine/close.js';
import { clockView, settingsView } from '../../server/engine/control-views.js';
import { DEFAULT_SETTINGS, reduce, type RoomEvent } from '../../server/engine/reducer.js';
import { requestOf, setupGame } from '../../server/engine/setup.js';
import type { AnswerRecord, RoomState } from '../../server/engine/types.js';
import { playerState, questionView } from '../../server/engine/views.js';
import { parsePayload } from '../../shared/schemas.js';
import { deck, player, prepared, room, seeded } from './fixtures.js';

const HOST = 'host-secret-token-0000';
const DURATION = 30_000;
const INTRO = 3000;
const ok = (s: RoomState, e: RoomEvent, now: number) => {
  const r = reduce(s, e, now, () => DURATION);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r;
};
const q = prepared()[0];
const single = q.correct.type === 'single' ? q.correct.option : '';
const answer = { type: 'single', option: single } as const;
const me = { id: 'ann', kicked: false };
const code = (r: RoomState, now: number) => {
  const c = checkAnswer(r, q, me, r.index, answer, now);
  return c.ok ? 'OK' : c.error.code;
};

const lobby = room({ settings: { ...DEFAULT_SETTINGS, introMs: INTRO } });
// Sent at 10 000: answers open at 13 000, close after 43 000.
const started = ok(lobby, { type: 'start', hostToken: HOST }, 10_000);
const open = started.state;

describe('opening a question with a get-ready beat', () => {
  it('sends the question now and opens answers after the beat, the whole window after that', () => {
    expect(open).toMatchObject({ phase: 'question', index: 0, openedAt: 13_000, deadline: 43_000 });
    expect(started.effects).toEqual([{ type: 'openQuestion', index: 0, openedAt: 13_000, deadline: 43_000 }]);
    expect(dueAt(open)).toBe(43_000);
  });

  it('without a beat (0, or a room made before issue 14) answers open at once', () => {
    const none = ok(room({ settings: { ...DEFAULT_SETTINGS, introMs: 0 } }), { type: 'start', hostToken: HOST }, 10_000).state;
    expect(none).toMatchObject({ openedAt: 10_000, deadline: 40_000 });
    const { introMs: _gone, ...older } = DEFAULT_SETTINGS;
    expect(ok(room({ settings: older }), { type: 'start', hostToken: HOST }, 10_000).state).toMatchObject({ openedAt: 10_000 });
  });

  it('the next question, by the host or by auto-advance, gets its beat too', () => {
    const board = { ...open, phase: 'leaderboard' as const };
    expect(ok(board, { type: 'next', hostToken: HOST }, 90_000).state).toMatchObject({ index: 1, openedAt: 93_000, deadline: 123_000 });
    const auto = { ...board, settings: { ...board.settings, autoAdvance: { revealMs: 4000, leaderboardMs: 5000 } }, advanceAt: 95_000 };
    expect(ok(auto, { type: 'advance', index: 0, phase: 'leaderboard' }, 95_000).state).toMatchObject({ index: 1, openedAt: 98_000, deadline: 128_000 });
  });
});

describe('the answer window', () => {
  it('refuses an answer during the beat with QUESTION_NOT_OPEN, in plain words', () => {
    expect(code(open, 10_000)).toBe('QUESTION_NOT_OPEN');
    expect(code(open, 12_999)).toBe('QUESTION_NOT_OPEN');
    const c = checkAnswer(open, q, me, 0, answer, 12_000);
    expect(c.ok ? '' : c.error.message).toMatch(/Get ready/);
  });

  it('accepts from openedAt to the deadline, and not after', () => {
    expect(code(open, 13_000)).toBe('OK');
    expect(code(open, 42_999)).toBe('OK');
    expect(code(open, 43_000)).toBe('OK');
    expect(code(open, 43_001)).toBe('QUESTION_CLOSED');
  });

  it('the deadline event never closes during the beat; skip and add time work in it', () => {
    expect(ok(open, { type: 'deadline', index: 0 }, 12_000).state).toBe(open);
    expect(ok(open, { type: 'skip', hostToken: HOST }, 11_000).state).toMatchObject({ phase: 'closing', closedBy: 'skip' });
    const more = ok(open, { type: 'addTime', hostToken: HOST, ms: 15_000 }, 11_000).state;
    expect(more).toMatchObject({ openedAt: 13_000, deadline: 58_000, extraMs: 15_000 });
  });

  it('speed points count from openedAt: an answer right as answers open gets the full speed bonus', () => {
    const closing = { ...open, phase: 'closing' as const };
    const at = (playerId: string, t: number): AnswerRecord => ({ playerId, answer, at: t });
    const out = scoreQuestion(closing, { ...q, durationMs: DURATION }, [player('first'), player('later')], [at('first', 13_000), at('later', 13_400)], 50_000);
    expect(out.results.get('first')!.points).toBe(out.results.get('later')!.points);
    const slow = scoreQuestion(closing, { ...q, durationMs: DURATION }, [player('slow')], [at('slow', 42_999)], 50_000);
    expect(slow.results.get('slow')!.points).toBeLessThan(out.results.get('first')!.points);
    expect(slow.results.get('slow')!.correct).toBe(true);
  });

  it('a skip during the beat scores nobody: no answer could be in', () => {
    const skipped = ok(open, { type: 'skip', hostToken: HOST }, 11_000).state;
    const out = scoreQuestion(skipped, q, [player('ann', { score: 500, streak: 2 })], [], 11_100);
    expect(out.results.get('ann')).toMatchObject({ answered: false, points: 0, score: 500, streak: 0 });
  });
});

describe('pausing during the beat freezes the beat', () => {
  const paused = ok(open, { type: 'pause', hostToken: HOST }, 11_000).state; // 2 s of the beat left

  it('keeps the rest of the beat and the whole window; answers wait (the gateway says PAUSED)', () => {
    expect(paused.pause).toEqual({ at: 11_000, remainingMs: 32_000 });
    expect(paused.deadline).toBe(11_000); // the store refuses every answer while paused
    expect(introLeftMs(paused, 99_000)).toBe(2000);
    expect(clockView(paused, q, 99_000)).toMatchObject({ paused: true, remainingMs: 32_000, introMs: 2000 });
    expect(dueAt(paused)).toBeNull();
  });

  it('on resume the rest of the beat runs first, then the full answer window', () => {
    const resumed = ok(paused, { type: 'resume', hostToken: HOST }, 50_000).state;
    expect(resumed).toMatchObject({ openedAt: 52_000, deadline: 82_000, pause: undefined });
    expect(clockView(resumed, q, 50_000)).toMatchObject({ paused: false, openedAt: 52_000, introMs: 2000, remainingMs: 32_000, deadline: 82_000 });
    expect(code(resumed, 51_999)).toBe('QUESTION_NOT_OPEN');
    expect(code(resumed, 52_000)).toBe('OK');
    expect(code(resumed, 82_000)).toBe('OK');
    expect(code(resumed, 82_001)).toBe('QUESTION_CLOSED');
  });

  it('a pause after the beat leaves no beat behind', () => {
    const later = ok(open, { type: 'pause', hostToken: HOST }, 20_000).state;
    const resumed = ok(later, { type: 'resume', hostToken: HOST }, 30_000).state;
    expect(resumed).toMatchObject({ openedAt: 23_000, deadline: 53_000 });
    expect(questionView(resumed, q, 30_000).introMs).toBe(0);
  });
});

describe('views during the beat', () => {
  it('game:question carries the whole beat, a later view what is left of it, 0 once answers are open', () => {
    expect(questionView(open, q, 10_000)).toMatchObject({ openedAt: 13_000, deadline: 43_000, durationMs: q.durationMs, introMs: 3000, serverNow: 10_000 });
    expect(questionView(open, q, 12_250).introMs).toBe(750);
    expect(questionView(open, q, 13_000).introMs).toBe(0);
    expect(questionView(open, q, 20_000).introMs).toBe(0);
  });

  it('a phone rejoining mid-beat gets the question with the rest of the beat, and the clock agrees', () => {
    const s = playerState(open, q, player('ann'), null, 3, 11_200);
    expect(s.phase).toBe('question');
    expect(s.question).toMatchObject({ index: 0, openedAt: 13_000, introMs: 1800, serverNow: 11_200 });
    expect(clockView(open, q, 11_200)).toMatchObject({ openedAt: 13_000, introMs: 1800, remainingMs: 31_800 });
  });
});

describe('the host sets the beat at setup', () => {
  it('3 s by default, 0 to 5 whole seconds, kept for "play again" and shown in the lobby', () => {
    const plain = setupGame(deck, {}, seeded(1));
    if (!plain.ok) throw new Error(plain.message);
    expect(plain.settings.introMs).toBe(3000);
    const sum = plain.questions.reduce((n, x) => n + x.durationMs, 0);
    expect(plain.settings.expectedMs).toBe(sum + plain.questions.length * 3000);
    for (const introSeconds of [0, 5]) {
      const r = setupGame(deck, { introSeconds }, seeded(1));
      if (!r.ok) throw new Error(r.message);
      expect(r.settings.introMs).toBe(introSeconds * 1000);
      expect(requestOf(r.settings).introSeconds).toBe(introSeconds);
      expect(settingsView(room({ settings: r.settings })).introSeconds).toBe(introSeconds);
    }
    expect(settingsView(room()).introSeconds).toBe(0);
  });

  it('the setup schema refuses anything but a whole number of seconds from 0 to 5', () => {
    expect(parsePayload('host:create', { deckId: 'd', introSeconds: 5 }).ok).toBe(true);
    expect(parsePayload('host:create', { deckId: 'd', introSeconds: 0 }).ok).toBe(true);
    for (const bad of [6, -1, 2.5, '3', null]) {
      const r = parsePayload('host:create', { deckId: 'd', introSeconds: bad });
      expect(r.ok ? '' : r.message).toMatch(/^Bad request: introSeconds: /);
    }
  });
});
