import { afterEach, describe, expect, it } from 'vitest';
import { domainShare } from '../../server/deck/coverage.js';
import { DECK_REQUIREMENTS, type DeckRequirements } from '../../server/deck/requirements.js';
import { SKILLS } from '../../server/deck/skills.js';
import { checkDeckText, validateDeckText } from '../../server/deck/validate.js';
import { deckYaml, hasIssue, lineAfter, lineOf, single, truefalse } from './helpers.js';

const topics = [{ id: 't', title: 'Topic' }, { id: 'u', title: 'Other' }];

function tagged(id: string, n: number, task?: string, skills?: unknown, topic = 't'): Record<string, unknown> {
  return truefalse(id, topic, n, { ...(task !== undefined && { task }), ...(skills !== undefined && { skills }) });
}

describe('skills field', () => {
  it('accepts known skill tags without an unknown-field warning and keeps them on the question', () => {
    const text = deckYaml({ id: 'gen', topics, questions: [tagged('a', 1, '3.2', ['scaling-metric', 'scaling-policies'])] });
    const r = checkDeckText(text, 'gen.yaml', { strict: true });
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(r.deck?.questions[0].skills).toEqual(['scaling-metric', 'scaling-policies']);
    expect(r.coverage?.bySkill).toMatchObject({ 'scaling-metric': 1, 'scaling-policies': 1, 'stack-sharing': 0 });
  });

  it('rejects an unknown skill at its line, naming the known ones', () => {
    const text = deckYaml({ id: 'gen', topics, questions: [tagged('a', 1, '3.2', ['scaling-metric', 'autoscale'])] });
    const r = validateDeckText(text, 'gen.yaml', { strict: true });
    const e = hasIssue(r.errors, 'a', /unknown skill "autoscale": use one of sdk-deploy, .*registry-approval/);
    expect(e?.line).toBe(lineOf(text, '- autoscale'));
    expect(r.deck).toBeNull();
    // an error in imported decks too: a typo in a tag would silently drop coverage
    expect(validateDeckText(text, 'gen.yaml', { strict: false }).errors).toHaveLength(1);
  });

  it('rejects a repeated tag, an empty list and a non-list', () => {
    const qs = [tagged('a', 1, '3.2', ['iac-sagemaker', 'iac-sagemaker']), tagged('b', 2, '3.2', []), tagged('c', 3, '3.2', 'iac-sagemaker')];
    const text = deckYaml({ id: 'gen', topics, questions: qs });
    const r = validateDeckText(text, 'gen.yaml', { strict: true });
    expect(hasIssue(r.errors, 'a', /skill "iac-sagemaker" is listed twice/)?.line).toBe(lineAfter(text, '- iac-sagemaker', '- iac-sagemaker'));
    expect(hasIssue(r.errors, 'b', /"skills" is empty/)).toBeDefined();
    expect(hasIssue(r.errors, 'c', /"skills" must be a list of skill tags/)?.line).toBe(lineOf(text, 'skills: iac-sagemaker'));
  });

  it("warns when a skill belongs to another task than the question's, or the question has no task", () => {
    const text = deckYaml({ id: 'gen', topics, questions: [tagged('a', 1, '3.1', ['codebuild']), tagged('b', 2, undefined, ['multi-model'])] });
    const r = validateDeckText(text, 'gen.yaml', { strict: true });
    expect(r.errors).toEqual([]);
    expect(hasIssue(r.warnings, 'a', /skill "codebuild" belongs to task 3\.3, but the question's task is 3\.1/)?.line).toBe(lineOf(text, '- codebuild'));
    expect(hasIssue(r.warnings, 'b', /skill "multi-model" belongs to task 3\.1: set task: "3\.1"/)).toBeDefined();
  });

  it('every skill tag belongs to a Domain 3 task', () => {
    expect(Object.keys(SKILLS)).toHaveLength(16);
    for (const tag of Object.values(SKILLS)) expect(['3.1', '3.2', '3.3']).toContain(tag.task);
  });

  it('puts each skill under the task the MLA-C01 exam guide lists it in', () => {
    // Task 3.2's skills in the guide include "Configuring SageMaker AI endpoints within the VPC network" and
    // "Deploying and hosting models by using the SageMaker AI SDK"; 3.1 lists selecting multi-model or
    // multi-container deployments and the deployment target (docs/content.md, "Coverage of the built-in deck").
    const byTask = (task: string) => Object.keys(SKILLS).filter((s) => SKILLS[s].task === task);
    expect(byTask('3.1')).toEqual(['lambda-inference', 'inference-components', 'compute-networking', 'multi-model']);
    expect(byTask('3.2')).toEqual(['sdk-deploy', 'endpoint-vpc', 'scaling-metric', 'scaling-policies', 'stack-sharing', 'iac-sagemaker']);
  });
});

describe('coverage figures', () => {
  it('counts questions per task (with topics), per domain, and those without a task', () => {
    const qs = [
      tagged('a', 1, '3.1'), tagged('b', 2, '3.1', undefined, 'u'), tagged('c', 3, '4.2'), tagged('d', 4),
      { ...single('e', 't', 0, 5), task: '3.3' },
    ];
    const r = checkDeckText(deckYaml({ id: 'gen', topics, questions: qs }), 'gen.yaml', { strict: true });
    const c = r.coverage!;
    expect(c.byTask).toEqual({ '3.1': 2, '3.2': 0, '3.3': 1, '4.2': 1 });
    expect(Object.keys(c.byTask)).toEqual(['3.1', '3.2', '3.3', '4.2']);
    expect(c.taskTopics['3.1']).toEqual({ t: 1, u: 1 });
    expect(c.untagged).toBe(1);
    expect(c.byDomain).toEqual({ '3': 3, '4': 1 });
    expect(domainShare(c, '4')).toBe(0.2);
  });
});

describe('coverage requirements of a deck', () => {
  const id = 'gen-req';
  const base: DeckRequirements = {
    minQuestions: 0, topics: [], minPerTopic: 0, minPerType: {}, minCases: 0, scenarioShare: 0,
    taskRequired: false, minPerTask: {}, minPerSkill: 0, maxDomainShare: {},
  };
  const withReq = (extra: Partial<DeckRequirements>) => { DECK_REQUIREMENTS[id] = { ...base, ...extra }; };
  afterEach(() => { delete DECK_REQUIREMENTS[id]; });

  it('needs a task on every question, at the question line', () => {
    withReq({ taskRequired: true });
    const text = deckYaml({ id, topics, questions: [tagged('a', 1, '3.1'), tagged('b', 2)] });
    const r = validateDeckText(text, 'gen.yaml', { strict: true });
    expect(r.errors.map((e) => e.message)).toEqual([expect.stringMatching(/missing "task": name the exam task statement/)]);
    expect(hasIssue(r.errors, 'b', /missing "task"/)?.line).toBe(lineOf(text, 'id: b'));
    expect(validateDeckText(text, 'gen.yaml', { strict: false }).errors).toEqual([]);
  });

  it('needs a minimum per task and per skill, and says how many to add', () => {
    withReq({ minPerTask: { '3.1': 2, '3.2': 1 }, minPerSkill: 1 });
    const everySkill = Object.entries(SKILLS).map(([s, t], i) => tagged(`s${i}`, i + 10, t.task, [s]));
    const ok = validateDeckText(deckYaml({ id, topics, questions: [...everySkill] }), 'gen.yaml', { strict: true });
    expect(ok.errors).toEqual([]);
    const short = validateDeckText(deckYaml({ id, topics, questions: [tagged('a', 1, '3.1', ['sdk-deploy'])] }), 'gen.yaml', { strict: true });
    const messages = short.errors.map((e) => e.message).join('\n');
    expect(messages).toMatch(/has 1 question for task 3\.1, needs at least 2: add 1 more with task: "3\.1"/);
    expect(messages).toMatch(/has 0 questions for task 3\.2, needs at least 1/);
    expect(messages).toMatch(/has 0 questions with skill "multi-model" \(task 3\.1\), needs at least 1: add 1 more with skills: \[multi-model\]/);
    expect(messages).not.toMatch(/skill "sdk-deploy"/);
    expect(short.errors).toHaveLength(2 + 15);
  });

  it('keeps a domain strictly under its maximum share', () => {
    withReq({ maxDomainShare: { '4': 0.2 } });
    const deck = (d4: number, d3: number) => deckYaml({
      id, topics,
      questions: [...Array.from({ length: d4 }, (_, i) => tagged(`x${i}`, i, '4.1')), ...Array.from({ length: d3 }, (_, i) => tagged(`y${i}`, 100 + i, '3.3'))],
    });
    expect(validateDeckText(deck(1, 5), 'gen.yaml', { strict: true }).errors).toEqual([]);
    const at = validateDeckText(deck(2, 8), 'gen.yaml', { strict: true });
    expect(at.errors.map((e) => e.message)).toEqual([
      expect.stringMatching(/has 2 of 10 questions \(20%\) on Domain 4 tasks, must stay under 20%: cut or retag 1 of them/),
    ]);
  });
});
