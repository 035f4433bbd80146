import { describe, expect, it } from 'vitest';
import { checkDeckText, validateDeckText } from '../../server/deck/validate.js';
import { DECK_REQUIREMENTS, BUILTIN_DECK_ID } from '../../server/deck/requirements.js';
import { SKILLS } from '../../server/deck/skills.js';
import { deckYaml, fixture, hasIssue, lineOf, match, multi, order, single, truefalse } from './helpers.js';

const topics = [{ id: 't', title: 'Topic' }];

/** A deck of singles whose correct options sit at `positions` (0-3); the first `longest` ones (default 20%) are the longest option. */
function singlesDeck(positions: number[], longest = Math.ceil(positions.length / 5)): string {
  return deckYaml({ id: 'gen', topics, questions: positions.map((at, i) => single(`s-${i}`, 't', at, i, i < longest)) });
}

const spread = (counts: number[]) => counts.flatMap((n, at) => Array<number>(n).fill(at));

describe('case studies', () => {
  const { text, file } = fixture('cases.yaml');
  const r = validateDeckText(text, file, { strict: true });

  it('needs 2 to 4 questions per case, at the case line', () => {
    expect(r.errors.find((e) => /case "case-one" has 1 question/.test(e.message))?.line).toBe(lineOf(text, 'id: case-one'));
    expect(r.errors.find((e) => /case "case-five" has 5 questions/.test(e.message))).toBeDefined();
    expect(r.errors.find((e) => /case "case-empty" has 0 questions/.test(e.message))).toBeDefined();
  });

  it('needs the questions of a case to be consecutive', () => {
    const e = hasIssue(r.errors, 'cs-split-2', /must be consecutive: move this question right after cs-split-1/);
    expect(e?.line).toBe(lineOf(text, 'id: cs-split-2'));
  });

  it('rejects a case id that is not in cases', () => {
    expect(hasIssue(r.errors, 'cs-unknown', /unknown case "case-missing"/)?.line).toBe(lineOf(text, 'case: case-missing'));
  });

  it('accepts 2 consecutive questions of a case and rejects duplicate case ids', () => {
    const cases = [{ id: 'c1', title: 'C', scenario: 'S.' }, { id: 'c1', title: 'D', scenario: 'T.' }];
    const questions = [truefalse('a', 't', 1, { case: 'c1' }), truefalse('b', 't', 2, { case: 'c1' })];
    const res = validateDeckText(deckYaml({ id: 'gen', topics, cases, questions }), 'gen.yaml', { strict: true });
    expect(res.errors.map((e) => e.message)).toEqual([expect.stringMatching(/duplicate case id "c1"/)]);
  });
});

describe('fairness: correct-position spread', () => {
  it('accepts an even spread, and 40% / 10% exactly', () => {
    expect(validateDeckText(singlesDeck(spread([5, 5, 5, 5])), 'gen.yaml', { strict: true }).errors).toEqual([]);
    expect(validateDeckText(singlesDeck(spread([8, 6, 4, 2])), 'gen.yaml', { strict: true }).errors).toEqual([]);
  });

  it('rejects a position holding more than 40% of 20+ singles', () => {
    const r = validateDeckText(singlesDeck(spread([9, 5, 3, 3])), 'gen.yaml', { strict: true });
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0].message).toMatch(/position 1 in 9 of 20 single questions \(45%\)/);
    expect(r.errors[0].line).toBe(lineOf(singlesDeck(spread([9, 5, 3, 3])), 'questions:'));
  });

  it('rejects a position holding less than 10%', () => {
    const r = validateDeckText(singlesDeck(spread([8, 6, 5, 1])), 'gen.yaml', { strict: true });
    expect(r.errors.map((e) => e.message)).toEqual([expect.stringMatching(/position 4 in 1 of 20 .*\(5%\)/)]);
  });

  it('does not apply below 20 singles, and only warns in non-strict mode', () => {
    expect(validateDeckText(singlesDeck(spread([19, 0, 0, 0])), 'gen.yaml', { strict: true }).errors).toEqual([]);
    const loose = validateDeckText(singlesDeck(spread([20, 0, 0, 0])), 'gen.yaml', { strict: false });
    expect(loose.errors).toEqual([]);
    expect(loose.warnings.filter((w) => /position/.test(w.message))).toHaveLength(4);
  });
});

describe('fairness: correct option strictly the longest', () => {
  const even = spread([5, 5, 5, 5]);
  it('accepts 35% and rejects more', () => {
    const ok = checkDeckText(singlesDeck(even, 7), 'gen.yaml', { strict: true });
    expect(ok.errors).toEqual([]);
    expect(ok.stats?.longestCorrect).toBe(7);
    const bad = validateDeckText(singlesDeck(even, 8), 'gen.yaml', { strict: true });
    expect(bad.errors.map((e) => e.message)).toEqual([expect.stringMatching(/strictly the longest in 8 of 20 single questions \(40%, max 35%\)/)]);
  });

  it('accepts 15% and rejects less, from 20 single questions on', () => {
    expect(validateDeckText(singlesDeck(even, 3), 'gen.yaml', { strict: true }).errors).toEqual([]);
    const text = singlesDeck(even, 2);
    const bad = validateDeckText(text, 'gen.yaml', { strict: true });
    expect(bad.errors.map((e) => e.message)).toEqual([
      expect.stringMatching(/strictly the longest in only 2 of 20 single questions \(10%, min 15%\): "never pick the longest" would win; .* in 1 more$/),
    ]);
    expect(bad.errors[0].line).toBe(lineOf(text, 'questions:'));
    expect(validateDeckText(singlesDeck(spread([5, 5, 5, 4]), 0), 'gen.yaml', { strict: true }).errors).toEqual([]);
    const loose = validateDeckText(singlesDeck(even, 0), 'gen.yaml', { strict: false });
    expect(loose.errors).toEqual([]);
    expect(loose.warnings.some((w) => /only 0 of 20/.test(w.message))).toBe(true);
  });

  it('is a warning in non-strict mode', () => {
    const r = validateDeckText(singlesDeck(even, 20), 'gen.yaml', { strict: false });
    expect(r.errors).toEqual([]);
    expect(r.warnings.some((w) => /strictly the longest/.test(w.message))).toBe(true);
  });

  it('reports the figures: positions and longest share', () => {
    const r = checkDeckText(singlesDeck(spread([6, 5, 5, 4]), 4), 'gen.yaml', { strict: true });
    expect(r.stats).toMatchObject({ singles: 20, positions: [6, 5, 5, 4], longestCorrect: 4, longestShare: 0.2 });
  });

  it('warns when the correct option echoes a prompt word no distractor uses', () => {
    const q = single('echo', 't', 0, 1);
    q.prompt = 'A team must monitor drift of a deployed endpoint. What should it use?';
    (q.options as { text: string }[])[0].text = 'Drift checks';
    const r = validateDeckText(deckYaml({ id: 'gen', topics, questions: [q] }), 'gen.yaml', { strict: true });
    expect(r.errors).toEqual([]);
    expect(hasIssue(r.warnings, 'echo', /repeats prompt words? "drift"/)).toBeDefined();
  });
});

describe(`requirements of the built-in deck (${BUILTIN_DECK_ID})`, () => {
  const req = DECK_REQUIREMENTS[BUILTIN_DECK_ID];
  const allTopics = req.topics.map((id) => ({ id, title: id }));

  it('lists the 20 topic ids of issue 4 and the 4 of issue 12, and the coverage rules of issue 12', () => {
    expect(req.topics).toHaveLength(24);
    expect(new Set(req.topics).size).toBe(24);
    expect(req).toMatchObject({ minQuestions: 200, minPerTopic: 4, minCases: 3, minPerType: { multi: 20, match: 20, order: 20, truefalse: 10 } });
    expect(req).toMatchObject({ taskRequired: true, minPerTask: { '3.1': 15, '3.2': 15, '3.3': 15 }, minPerSkill: 3, maxDomainShare: { '4': 0.2 } });
  });

  it('refuses a small deck with that id and says what is missing', () => {
    const text = deckYaml({ id: BUILTIN_DECK_ID, topics: allTopics.slice(1), questions: [truefalse('x-1', 'containers', 1)] });
    const r = validateDeckText(text, 'mle.yaml', { strict: true });
    const messages = r.errors.map((e) => e.message).join('\n');
    expect(messages).toMatch(/has 1 questions, needs at least 200/);
    expect(messages).toMatch(/must declare topic "codepipeline"/);
    expect(messages).toMatch(/topic "ecr" has 0 questions, needs at least 4/);
    expect(messages).toMatch(/has 0 multi questions, needs at least 20/);
    expect(messages).toMatch(/has 0 case studies with 2-4 questions, needs at least 3/);
    const loose = validateDeckText(text, 'mle.yaml', { strict: false });
    expect(loose.errors).toEqual([]);
  });

  it('accepts a deck that meets every requirement (scenario share is only a warning)', () => {
    const questions: Record<string, unknown>[] = [];
    const cases = [0, 1, 2].map((i) => ({ id: `case-${i}`, title: `Case ${i}`, scenario: 'A team with a goal.' }));
    const tasks = Object.keys(req.minPerTask).length ? Object.keys(req.minPerTask) : ['3.1', '3.2', '3.3'];
    const skillsOf = (task: string) => Object.entries(SKILLS).filter(([, t]) => t.task === task).map(([s]) => s);
    const perTopic = Math.max(8, req.minPerTopic, Math.ceil(req.minQuestions / req.topics.length));
    let n = 0;
    req.topics.forEach((topic, t) => {
      const p = (k: string | number) => `${topic}-${k}`;
      const own = [multi(p('m'), topic, n++), match(p('x'), topic, n++), order(p('o'), topic, n++), truefalse(p('tf'), topic, n++)];
      const singles = Array.from({ length: perTopic - own.length }, (_, k) => single(p(`s${k}`), topic, (t + k) % 4, n++, k === 0));
      questions.push(...singles, ...own);
      // The last two questions of the first three topics form the three case studies.
      if (t < 3) for (const q of questions.slice(-2)) q.case = `case-${t}`;
    });
    questions.forEach((q, i) => {
      const task = tasks[i % tasks.length];
      const skills = skillsOf(task);
      Object.assign(q, { task }, skills.length && { skills: [skills[Math.floor(i / tasks.length) % skills.length]] });
    });
    const r = validateDeckText(deckYaml({ id: BUILTIN_DECK_ID, topics: allTopics, cases, questions }), 'mle.yaml', { strict: true });
    expect(r.errors).toEqual([]);
    expect(r.deck?.questions.length).toBeGreaterThanOrEqual(req.minQuestions);
    expect(r.warnings.map((w) => w.message)).toEqual([expect.stringMatching(/look like scenarios/)]);
  });
});
