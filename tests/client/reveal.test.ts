/**
 * The reveal logic of each question type, as plain functions: what the phone lists under the verdict
 * (what was right, what the player gave, each with its why) and the projector's bars.
 */
import { describe, expect, it } from 'vitest';
import { dedupeWhys } from '../../client/src/question-types/common/rows.js';
import { matchBars } from '../../client/src/question-types/match/bars.js';
import { matchRows } from '../../client/src/question-types/match/reveal.js';
import { multiBars } from '../../client/src/question-types/multi/bars.js';
import { multiRows } from '../../client/src/question-types/multi/reveal.js';
import { orderBars } from '../../client/src/question-types/order/bars.js';
import { orderRows } from '../../client/src/question-types/order/reveal.js';
import { singleBars } from '../../client/src/question-types/single/bars.js';
import { singleRows } from '../../client/src/question-types/single/reveal.js';
import { truefalseBars } from '../../client/src/question-types/truefalse/bars.js';
import { truefalseRows } from '../../client/src/question-types/truefalse/reveal.js';
import type { QuestionView, RevealView } from '../../shared/protocol.js';

const timing = { index: 0, total: 5, openedAt: 0, deadline: 20_000, durationMs: 20_000, introMs: 0, serverNow: 0 };
const base = { topic: 't', prompt: 'Which?' };
const opts = (...texts: string[]) => texts.map((text, i) => ({ id: 'ABCDEF'[i], text }));
const stats = { index: 0, explanation: 'Because.', answered: 3, players: 4 };

describe('single', () => {
  const q: QuestionView = { ...base, type: 'single', options: opts('Lambda', 'ECS', 'EKS', 'Batch'), ...timing };
  const r: RevealView = {
    ...stats,
    correct: { type: 'single', option: 'B' },
    whys: { A: 'too short', B: 'fits', C: 'too much', D: 'offline' },
    distribution: { A: 1, B: 2, C: 0, D: 0 },
  };

  it('a right pick: one row, your answer, correct', () => {
    expect(singleRows(q, r, { type: 'single', option: 'B' })).toEqual([
      { position: 1, label: 'ECS', status: 'right', note: 'Your answer — correct', why: 'fits' },
    ]);
  });
  it('a wrong pick: your answer, then the correct one, each with its why', () => {
    expect(singleRows(q, r, { type: 'single', option: 'A' })).toEqual([
      { position: 0, label: 'Lambda', status: 'wrong', note: 'Your answer', why: 'too short' },
      { position: 1, label: 'ECS', status: 'missed', note: 'Correct answer', why: 'fits' },
    ]);
  });
  it('no answer (or one of another type): only the correct one; no question: nothing', () => {
    expect(singleRows(q, r, null).map((x) => x.status)).toEqual(['missed']);
    expect(singleRows(q, r, { type: 'truefalse', value: true }).map((x) => x.status)).toEqual(['missed']);
    expect(singleRows(null, r, null)).toEqual([]);
  });
  it('projector: a bar per option in display order, picks counted, the right one marked', () => {
    expect(singleBars(q, r)).toEqual({
      rows: [
        { key: 'A', position: 0, label: 'Lambda', count: 1, correct: false, why: 'too short' },
        { key: 'B', position: 1, label: 'ECS', count: 2, correct: true, why: 'fits' },
        { key: 'C', position: 2, label: 'EKS', count: 0, correct: false, why: 'too much' },
        { key: 'D', position: 3, label: 'Batch', count: 0, correct: false, why: 'offline' },
      ],
    });
    expect(singleBars(null, r)).toEqual({ rows: [] });
  });
});

describe('multi', () => {
  const q: QuestionView = { ...base, type: 'multi', options: opts('a', 'b', 'c', 'd', 'e'), choose: 2, ...timing };
  const r: RevealView = {
    ...stats,
    correct: { type: 'multi', options: ['B', 'D'] },
    whys: { A: 'wa', B: 'rb', C: 'wc', D: 'rd', E: 'we' },
    distribution: { A: 1, B: 3, C: 0, D: 1, E: 0 },
  };

  it('in display order: each pick (right or not) and each right option missed; other options left out', () => {
    expect(multiRows(q, r, { type: 'multi', options: ['D', 'A'] })).toEqual([
      { position: 0, label: 'a', status: 'wrong', note: 'You picked it — not correct', why: 'wa' },
      { position: 1, label: 'b', status: 'missed', note: 'Correct — you didn’t pick it', why: 'rb' },
      { position: 3, label: 'd', status: 'right', note: 'You picked it — correct', why: 'rd' },
    ]);
  });
  it('no answer: the right options as missed', () => {
    expect(multiRows(q, r, null).map((x) => [x.label, x.status])).toEqual([['b', 'missed'], ['d', 'missed']]);
  });
  it('projector: every option, the right ones marked', () => {
    const { rows, legend } = multiBars(q, r);
    expect(legend).toBeUndefined();
    expect(rows.map((x) => [x.key, x.count, x.correct])).toEqual([['A', 1, false], ['B', 3, true], ['C', 0, false], ['D', 1, true], ['E', 0, false]]);
  });
});

describe('truefalse', () => {
  const q: QuestionView = { ...base, type: 'truefalse', ...timing };
  const r: RevealView = { ...stats, correct: { type: 'truefalse', value: false }, whys: { false: 'It is not.' }, distribution: { true: 2, false: 1 } };

  it('a wrong answer: yours, then the right value; the one why shows once, with the right value', () => {
    expect(truefalseRows(q, r, { type: 'truefalse', value: true })).toEqual([
      { position: 0, label: 'True', status: 'wrong', note: 'Your answer', why: '' },
      { position: 1, label: 'False', status: 'missed', note: 'Correct answer', why: 'It is not.' },
    ]);
  });
  it('a right answer: one row', () => {
    expect(truefalseRows(q, r, { type: 'truefalse', value: false })).toEqual([
      { position: 1, label: 'False', status: 'right', note: 'Your answer — correct', why: 'It is not.' },
    ]);
  });
  it('projector: True then False, picks counted, the right one marked', () => {
    expect(truefalseBars(q, r)).toEqual({
      rows: [
        { key: 'true', position: 0, label: 'True', count: 2, correct: false, why: '' },
        { key: 'false', position: 1, label: 'False', count: 1, correct: true, why: 'It is not.' },
      ],
    });
  });
  it('a repeated why is shown once', () => {
    const row = { position: 0, label: 'x', status: 'wrong' as const, note: 'n', why: 'same' };
    expect(dedupeWhys([row, { ...row, label: 'y' }, { ...row, label: 'z', why: '' }]).map((x) => x.why)).toEqual(['same', '', '']);
  });
});

describe('match', () => {
  const q: QuestionView = {
    ...base,
    type: 'match',
    left: [{ id: 'L1', text: 'SQS' }, { id: 'L2', text: 'SNS' }, { id: 'L3', text: 'Kinesis' }],
    right: [{ id: 'R1', text: 'stream' }, { id: 'R2', text: 'queue' }, { id: 'R3', text: 'fan-out' }],
    ...timing,
  };
  const r: RevealView = {
    ...stats,
    correct: { type: 'match', pairs: [{ left: 'L1', right: 'R2' }, { left: 'L2', right: 'R3' }, { left: 'L3', right: 'R1' }] },
    whys: { L2: 'pub/sub', R1: 'ordered shards' },
    distribution: { L1: 2, L2: 1, L3: 0 },
  };

  it('a row per correct pair: matched, chosen wrong (with the why), or not matched', () => {
    expect(matchRows(q, r, { type: 'match', pairs: [{ left: 'L1', right: 'R2' }, { left: 'L2', right: 'R1' }] })).toEqual([
      { left: 'SQS', right: 'queue', yours: 'queue', ok: true, why: '' },
      { left: 'SNS', right: 'fan-out', yours: 'stream', ok: false, why: 'pub/sub' },
      { left: 'Kinesis', right: 'stream', yours: null, ok: false, why: 'ordered shards' },
    ]);
    expect(matchRows(null, r, null)).toEqual([]);
  });
  it('projector: neutral bars, one per correct pair, with a legend', () => {
    expect(matchBars(q, r)).toEqual({
      legend: 'Correct pairs, and how many matched each',
      rows: [
        { key: 'L1', position: -1, label: 'SQS → queue', count: 2, correct: true, why: '' },
        { key: 'L2', position: -1, label: 'SNS → fan-out', count: 1, correct: true, why: 'pub/sub' },
        { key: 'L3', position: -1, label: 'Kinesis → stream', count: 0, correct: true, why: 'ordered shards' },
      ],
    });
    expect(matchBars(null, r).rows[0].label).toBe('L1 → R2');
  });
});

describe('order', () => {
  const q: QuestionView = {
    ...base,
    type: 'order',
    steps: [{ id: 'S1', text: 'deploy' }, { id: 'S2', text: 'build' }, { id: 'S3', text: 'test' }],
    ...timing,
  };
  const r: RevealView = { ...stats, correct: { type: 'order', order: ['S2', 'S3', 'S1'] }, whys: {}, distribution: { S2: 1, S3: 0, S1: 2 } };

  it('a row per step in the correct order: in place, or where you put it', () => {
    expect(orderRows(q, r, { type: 'order', order: ['S3', 'S2', 'S1'] })).toEqual([
      { text: 'build', ok: false, yoursAt: 1, why: '' },
      { text: 'test', ok: false, yoursAt: 0, why: '' },
      { text: 'deploy', ok: true, yoursAt: 2, why: '' },
    ]);
    expect(orderRows(q, r, null).map((x) => x.yoursAt)).toEqual([-1, -1, -1]);
  });
  it('projector: neutral bars numbered in the correct order, with a legend', () => {
    expect(orderBars(q, r)).toEqual({
      legend: 'Correct order, and how many placed each step right',
      rows: [
        { key: 'S2', position: -1, label: '1. build', count: 1, correct: true, why: '' },
        { key: 'S3', position: -1, label: '2. test', count: 0, correct: true, why: '' },
        { key: 'S1', position: -1, label: '3. deploy', count: 2, correct: true, why: '' },
      ],
    });
  });
  it('a reveal of another type draws nothing', () => {
    expect(orderRows(q, { ...r, correct: { type: 'truefalse', value: true } }, null)).toEqual([]);
    expect(orderBars(q, { ...r, correct: { type: 'truefalse', value: true } })).toEqual({ rows: [] });
  });
});
