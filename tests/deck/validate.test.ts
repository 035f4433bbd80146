import { describe, expect, it } from 'vitest';
import { validateDeckText } from '../../server/deck/validate.js';
import { about, fixture, hasIssue, lineAfter, lineOf } from './helpers.js';

describe('validateDeckText: a valid deck', () => {
  it('accepts the valid fixture in strict mode with no errors or warnings', () => {
    const { text, file } = fixture('valid.yaml');
    const r = validateDeckText(text, file, { strict: true });
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(r.deck?.id).toBe('valid');
    expect(r.deck?.questions.map((q) => q.type)).toEqual(['single', 'multi', 'truefalse', 'match', 'order', 'single', 'truefalse']);
    expect(r.deck?.cases?.[0].id).toBe('case-clinic');
    const first = r.deck?.questions[0];
    expect(first?.type === 'single' && first.options[1]).toMatchObject({ text: 'A private Amazon ECR repository', correct: true });
    expect(first?.task).toBe('3.1');
  });
});

describe('validateDeckText: missing fields', () => {
  const { text, file } = fixture('missing-fields.yaml');
  const strict = validateDeckText(text, file, { strict: true });
  const loose = validateDeckText(text, file, { strict: false });

  it('refuses the deck and names file, line and question', () => {
    expect(strict.deck).toBeNull();
    const e = hasIssue(strict.errors, 'mf-no-prompt', /missing "prompt"/);
    expect(e).toMatchObject({ file, line: lineOf(text, 'id: mf-no-prompt') });
  });

  it('reports a missing why per option and a missing explanation as errors in strict mode', () => {
    expect(hasIssue(strict.errors, 'mf-no-why', /option 2 has no "why"/)?.line).toBe(lineAfter(text, 'id: mf-no-why', 'text: Amazon ECR'));
    expect(hasIssue(strict.errors, 'mf-no-why', /missing "explanation"/)).toBeDefined();
    expect(hasIssue(strict.errors, 'mf-no-why', /missing "difficulty"/)).toBeDefined();
    expect(hasIssue(strict.errors, 'mf-tf', /missing "why"/)).toBeDefined();
  });

  it('turns missing why/explanation/difficulty into warnings in non-strict mode', () => {
    expect(hasIssue(loose.errors, 'mf-no-why', /why|explanation|difficulty/)).toBeUndefined();
    expect(hasIssue(loose.warnings, 'mf-no-why', /option 2 has no "why"/)).toBeDefined();
    expect(hasIssue(loose.warnings, 'mf-no-why', /missing "explanation"/)).toBeDefined();
    expect(hasIssue(loose.warnings, 'mf-tf', /missing "why"/)).toBeDefined();
    // Still errors: they make the question unplayable.
    expect(hasIssue(loose.errors, 'mf-no-prompt', /missing "prompt"/)).toBeDefined();
    expect(hasIssue(loose.errors, 'mf-tf', /missing "answer"/)).toBeDefined();
  });

  it('reports missing type, topic and id', () => {
    expect(hasIssue(strict.errors, 'mf-no-topic', /missing "type"/)).toBeDefined();
    expect(hasIssue(strict.errors, 'mf-no-topic', /missing "topic"/)).toBeDefined();
    const noId = about(strict.errors, undefined).find((e) => /missing "id"/.test(e.message));
    expect(noId?.line).toBe(lineOf(text, '  - topic: ecr'));
  });
});

describe('validateDeckText: answer counts', () => {
  const { text, file } = fixture('answer-counts.yaml');
  const strict = validateDeckText(text, file, { strict: true });
  const cases: [string, RegExp][] = [
    ['ac-three-options', /single question needs exactly 4 options, found 3/],
    ['ac-two-correct', /single question needs exactly one option marked correct: true, found 2/],
    ['ac-multi-four', /multi question needs 5 to 6 options, found 4/],
    ['ac-multi-one-correct', /multi question needs 2 or 3 options marked correct: true, found 1/],
    ['ac-multi-no-marker', /add "\(Choose TWO\.\)"/],
    ['ac-multi-wrong-marker', /says "\(Choose THREE\.\)" but 2 options are correct/],
    ['ac-match-two', /match question needs 3 to 7 pairs, found 2/],
    ['ac-match-dup', /right side 3 repeats right side 2/],
    ['ac-order-six', /order question needs 3 to 5 steps, found 6/],
    ['ac-order-dup', /step 3 repeats step 1/],
    ['ac-tf-string', /"answer" must be true or false/],
  ];
  it.each(cases)('%s: %s', (id, pattern) => {
    const issue = hasIssue(strict.errors, id, pattern);
    expect(issue, JSON.stringify(about(strict.errors, id))).toBeDefined();
    expect(issue!.line).toBeGreaterThan(lineOf(text, `id: ${id}`) - 1);
  });

  it('allows fewer options in non-strict (imported) decks, with a warning, but never a wrong correct count', () => {
    const loose = validateDeckText(text, file, { strict: false });
    expect(hasIssue(loose.errors, 'ac-three-options', /options/)).toBeUndefined();
    expect(hasIssue(loose.warnings, 'ac-three-options', /should have exactly 4 options, found 3/)).toBeDefined();
    expect(hasIssue(loose.warnings, 'ac-multi-four', /should have 5 to 6 options, found 4/)).toBeDefined();
    expect(hasIssue(loose.errors, 'ac-two-correct', /exactly one option/)).toBeDefined();
    expect(hasIssue(loose.errors, 'ac-multi-no-marker', /Choose TWO/)).toBeDefined();
  });
});

describe('validateDeckText: topics, ids, YAML', () => {
  it('rejects an unknown topic and lists the known ones', () => {
    const { text, file } = fixture('unknown-topic.yaml');
    const r = validateDeckText(text, file, { strict: true });
    expect(r.deck).toBeNull();
    expect(r.errors).toEqual([
      { file, line: lineOf(text, 'topic: cloudformation'), questionId: 'ut-01', message: expect.stringMatching(/unknown topic "cloudformation".*\(cdk\)/) },
    ]);
  });

  it('rejects a duplicate question id at its second use, naming the first line', () => {
    const { text, file } = fixture('duplicate-id.yaml');
    const r = validateDeckText(text, file, { strict: true });
    const dup = hasIssue(r.errors, 'dup-01', /duplicate question id "dup-01" \(first used at line 8\)/);
    expect(dup?.line).toBe(16);
  });

  it('rejects a near-duplicate prompt', () => {
    const { text, file } = fixture('duplicate-id.yaml');
    const r = validateDeckText(text, file, { strict: false });
    expect(hasIssue(r.errors, 'dup-03', /nearly the same as the prompt of dup-01/)).toBeDefined();
  });

  it('reports bad YAML with the YAML line number', () => {
    const { text, file } = fixture('bad-yaml.yaml');
    const r = validateDeckText(text, file, { strict: true });
    expect(r.deck).toBeNull();
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ file, line: 12, message: expect.stringMatching(/^YAML syntax error/) });
    expect(lineOf(text, 'prompt: True or false:')).toBe(12);
  });

  it('reports a duplicate YAML key and a document that is not a mapping', () => {
    const dup = validateDeckText('id: a\ntitle: T\ntitle: U\n', 'dup.yaml', { strict: true });
    expect(dup.errors[0]).toMatchObject({ line: 3, message: expect.stringMatching(/unique/) });
    const list = validateDeckText('- a\n- b\n', 'list.yaml', { strict: true });
    expect(list.errors[0].message).toMatch(/must be a mapping/);
    expect(validateDeckText('', 'empty.yaml', { strict: true }).errors[0].message).toMatch(/must be a mapping/);
  });

  it('checks field types: difficulty, time, task, refs, fields of another type', () => {
    const { text, file } = fixture('valid.yaml');
    const broken = text
      .replace('difficulty: 1\n    task: "3.1"', 'difficulty: 4\n    time: 2\n    task: 3.1')
      .replace('- https://docs.aws.amazon.com/sagemaker/latest/dg/docker-containers.html', '- docs.aws.amazon.com')
      .replace("answer: false\n", 'answer: false\n    options: []\n');
    const r = validateDeckText(broken, file, { strict: true });
    expect(hasIssue(r.errors, 'fx-01', /"difficulty" must be a whole number from 1 to 3/)).toBeDefined();
    expect(hasIssue(r.errors, 'fx-01', /"time" must be a whole number from 5 to 600/)).toBeDefined();
    expect(hasIssue(r.errors, 'fx-01', /"task" must be a quoted/)).toBeDefined();
    expect(hasIssue(r.errors, 'fx-01', /ref 1 must be a documentation URL/)).toBeDefined();
    expect(hasIssue(r.errors, 'fx-03', /remove "options": a truefalse question uses "answer" and "why"/)).toBeDefined();
  });

  it('warns about unknown fields (typos)', () => {
    const { text, file } = fixture('valid.yaml');
    const r = validateDeckText(text.replace('    explanation: Serverless inference does not', '    explaination: x\n    explanation: Serverless inference does not'), file, { strict: true });
    expect(r.errors).toEqual([]);
    expect(hasIssue(r.warnings, 'fx-03', /unknown field "explaination"/)).toBeDefined();
  });
});
