/** Every question type in words (server/question-types words/choices), as the review, report and CSV show it. */
import { describe, expect, it } from 'vitest';
import { answerLines, reviewOptions, wordCount } from '../../server/learning/describe.js';
import { prepared } from '../engine/fixtures.js';

const [single, multi, tf, match, order] = prepared(7);

describe('questions and answers in words', () => {
  it('single and multi: option lines with letters; each option marked right and picked, with its why', () => {
    const right = single.correct.type === 'single' ? single.correct.option : '';
    expect(answerLines(single, single.correct)).toEqual([`${right}) right`]);
    const wrong = single.view.options!.find((o) => o.id !== right)!;
    const opts = reviewOptions(single, { type: 'single', option: wrong.id });
    expect(opts.find((o) => o.id === wrong.id)).toEqual({ id: wrong.id, text: wrong.text, correct: false, picked: true, why: `why ${wrong.text}` });
    expect(opts.filter((o) => o.correct).map((o) => o.text)).toEqual(['right']);
    expect(answerLines(multi, multi.correct).map((l) => l.slice(3)).sort()).toEqual(['r1', 'r2']);
  });

  it('true/false: True and False, the why on the right value', () => {
    expect(answerLines(tf, { type: 'truefalse', value: false })).toEqual(['False']);
    expect(reviewOptions(tf, { type: 'truefalse', value: false })).toEqual([
      { id: 'true', text: 'True', correct: true, picked: false, why: 'because' },
      { id: 'false', text: 'False', correct: false, picked: true, why: '' },
    ]);
  });

  it('match and order: pairs and numbered steps in the words shown; no choices', () => {
    expect(answerLines(match, match.correct)).toEqual(['a → 1', 'b → 2', 'c → 3']);
    expect(answerLines(order, order.correct)).toEqual(['1. first', '2. second', '3. third', '4. fourth']);
    expect(reviewOptions(match)).toEqual([]);
    expect(reviewOptions(order)).toEqual([]);
  });

  it('an answer of another type, or none, has no lines', () => {
    expect(answerLines(order, { type: 'single', option: 'A' })).toEqual([]);
    expect(answerLines(order, undefined)).toEqual([]);
  });

  it('counts the words to read: prompt and every option', () => {
    expect(wordCount(single)).toBe(5); // "Single?" and the four one-word options
  });
});
