import { describe, expect, it } from 'vitest';
import { checkAnswer } from '../../server/engine/answer.js';
import { checkShape } from '../../server/engine/grading.js';
import type { AnswerPayload } from '../../shared/protocol.js';
import { player, prepared, room } from './fixtures.js';

const qs = prepared();
const open = room({ phase: 'question', index: 0, openedAt: 1000, deadline: 21_000 });
const single: AnswerPayload = { type: 'single', option: 'A' };

describe('checkAnswer', () => {
  it('accepts an in-time answer and stamps the server time', () => {
    expect(checkAnswer(open, qs[0], player('p1'), 0, single, 5000)).toEqual({ ok: true, record: { playerId: 'p1', answer: single, at: 5000 } });
  });
  it('accepts an answer exactly at the deadline, refuses one a millisecond later', () => {
    expect(checkAnswer(open, qs[0], player('p1'), 0, single, 21_000).ok).toBe(true);
    const late = checkAnswer(open, qs[0], player('p1'), 0, single, 21_001);
    expect(late).toMatchObject({ ok: false, error: { code: 'QUESTION_CLOSED' } });
  });
  it.each([
    ['a foreign socket (no player)', open, null, 0, 'NOT_JOINED'],
    ['a kicked player', open, player('p1', { kicked: true }), 0, 'KICKED'],
    ['the lobby', room(), player('p1'), 0, 'WRONG_PHASE'],
    ['an ended game', room({ phase: 'ended', index: 0 }), player('p1'), 0, 'WRONG_PHASE'],
    ['another question', open, player('p1'), 1, 'WRONG_QUESTION'],
    ['a closing question', { ...open, phase: 'closing' as const }, player('p1'), 0, 'QUESTION_CLOSED'],
    ['the reveal', { ...open, phase: 'reveal' as const }, player('p1'), 0, 'QUESTION_CLOSED'],
  ])('refuses an answer from %s', (_what, r, p, index, code) => {
    expect(checkAnswer(r, qs[0], p, index, single, 2000)).toMatchObject({ ok: false, error: { code } });
  });
  it('refuses an answer of the wrong shape with INVALID_ANSWER', () => {
    expect(checkAnswer(open, qs[0], player('p1'), 0, { type: 'single', option: 'Z' }, 2000)).toMatchObject({ ok: false, error: { code: 'INVALID_ANSWER' } });
    expect(checkAnswer(open, qs[0], player('p1'), 0, { type: 'truefalse', value: true }, 2000)).toMatchObject({ ok: false, error: { code: 'INVALID_ANSWER' } });
  });
});

describe('answer shapes per type', () => {
  const [s, m, , mt, o] = qs;
  it.each<[string, (typeof qs)[number], AnswerPayload, boolean]>([
    ['single known', s, { type: 'single', option: 'D' }, true],
    ['single unknown', s, { type: 'single', option: 'E' }, false],
    ['multi empty', m, { type: 'multi', options: [] }, true],
    ['multi known', m, { type: 'multi', options: ['A', 'E'] }, true],
    ['multi repeated', m, { type: 'multi', options: ['A', 'A'] }, false],
    ['multi unknown', m, { type: 'multi', options: ['F'] }, false],
    ['match partial', mt, { type: 'match', pairs: [{ left: 'L1', right: 'R2' }] }, true],
    ['match repeated left', mt, { type: 'match', pairs: [{ left: 'L1', right: 'R1' }, { left: 'L1', right: 'R2' }] }, false],
    ['match repeated right', mt, { type: 'match', pairs: [{ left: 'L1', right: 'R1' }, { left: 'L2', right: 'R1' }] }, false],
    ['match unknown', mt, { type: 'match', pairs: [{ left: 'L9', right: 'R1' }] }, false],
    ['order full', o, { type: 'order', order: ['S4', 'S3', 'S2', 'S1'] }, true],
    ['order short', o, { type: 'order', order: ['S1', 'S2', 'S3'] }, false],
    ['order repeated', o, { type: 'order', order: ['S1', 'S1', 'S2', 'S3'] }, false],
    ['order unknown', o, { type: 'order', order: ['S1', 'S2', 'S3', 'S9'] }, false],
    ['wrong type', o, { type: 'single', option: 'A' }, false],
  ])('%s', (_name, q, a, valid) => {
    expect(checkShape(q, a).ok).toBe(valid);
  });
});
