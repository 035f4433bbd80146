/**
 * Deck-level requirements for built-in decks (issue 4, coverage rules of issue 12). A deck whose id is a
 * key of DECK_REQUIREMENTS must meet them: errors in strict mode (shipped
 * decks), warnings otherwise. Other decks have no size or coverage minimums.
 */
import type { Deck, DeckQuestion, QuestionType } from '../../shared/deck.js';
import { CASE_QUESTIONS } from './cases.js';
import { deckCoverage, domainShare } from './coverage.js';
import type { DeckStats, Located } from './fairness.js';
import type { DeckReport } from './issues.js';
import { SKILLS } from './skills.js';

export interface DeckRequirements {
  minQuestions: number;
  /** Topic ids the deck must declare, each with at least minPerTopic questions. */
  topics: readonly string[];
  minPerTopic: number;
  minPerType: Partial<Record<QuestionType, number>>;
  /** Case studies with 2-4 questions each. */
  minCases: number;
  /** Heuristic only (a warning): share of prompts that read like an exam scenario. */
  scenarioShare: number;
  /** Every question must name its exam task statement (`task:`). */
  taskRequired: boolean;
  /** Task statement -> minimum questions tagged with it. */
  minPerTask: Readonly<Record<string, number>>;
  /** Minimum questions per skill tag of server/deck/skills.ts (0: no minimum). */
  minPerSkill: number;
  /** Domain ("4") -> share of all questions its tasks must stay strictly under. */
  maxDomainShare: Readonly<Record<string, number>>;
}

export const BUILTIN_DECK_ID = 'mle-a-deployment';

export const DECK_REQUIREMENTS: Record<string, DeckRequirements> = {
  [BUILTIN_DECK_ID]: {
    minQuestions: 200,
    topics: [
      'codepipeline', 'containers', 'ecs-eks', 'ecr', 'model-monitor', 'step-functions', 'aws-batch', 'cdk',
      'cloudformation', 'lake-formation', 'deployment-guardrails', 'eventbridge', 'inference-options',
      'inference-pipelines', 'mlops-kubernetes', 'mwaa', 'neo-edge', 'auto-scaling', 'resource-management',
      'serverless-inference-recommender',
      // issue 12: topics for the Domain 3 gaps
      'endpoint-networking', 'sagemaker-sdk', 'sagemaker-pipelines', 'codebuild-codedeploy',
    ],
    minPerTopic: 4,
    minPerType: { multi: 20, match: 20, order: 20, truefalse: 10 },
    minCases: 3,
    scenarioShare: 2 / 3,
    taskRequired: true,
    minPerTask: { '3.1': 15, '3.2': 15, '3.3': 15 },
    minPerSkill: 3,
    maxDomainShare: { '4': 0.2 },
  },
};

export function checkRequirements(report: DeckReport, deck: Deck, stats: DeckStats, located: readonly Located[]): void {
  const req = DECK_REQUIREMENTS[deck.id];
  if (!req) return;
  const where = `deck "${deck.id}"`;
  if (stats.questions < req.minQuestions) {
    report.soft(['questions'], `${where} has ${stats.questions} questions, needs at least ${req.minQuestions}: add ${req.minQuestions - stats.questions} more`);
  }
  const declared = new Set(deck.topics.map((t) => t.id));
  for (const topic of req.topics) {
    if (!declared.has(topic)) {
      report.soft(['topics'], `${where} must declare topic "${topic}" in "topics" (with at least ${req.minPerTopic} questions)`);
      continue;
    }
    const n = Object.values(stats.byTopic[topic] ?? {}).reduce((a, b) => a + b, 0);
    if (n < req.minPerTopic) {
      report.soft(['topics', deck.topics.findIndex((t) => t.id === topic)],
        `topic "${topic}" has ${n} question${n === 1 ? '' : 's'}, needs at least ${req.minPerTopic}: add ${req.minPerTopic - n} more`);
    }
  }
  for (const [type, min] of Object.entries(req.minPerType) as [QuestionType, number][]) {
    const n = stats.byType[type];
    if (n < min) report.soft(['questions'], `${where} has ${n} ${type} questions, needs at least ${min}: add ${min - n} more`);
  }
  const [cmin, cmax] = CASE_QUESTIONS;
  const fullCases = (deck.cases ?? []).filter((c) => {
    const n = deck.questions.filter((q) => q.case === c.id).length;
    return n >= cmin && n <= cmax;
  }).length;
  if (fullCases < req.minCases) {
    report.soft(deck.cases ? ['cases'] : ['questions'],
      `${where} has ${fullCases} case stud${fullCases === 1 ? 'y' : 'ies'} with ${cmin}-${cmax} questions, needs at least ${req.minCases}`);
  }
  checkCoverage(report, deck, req, located);
  const scenarios = deck.questions.filter(looksLikeScenario).length;
  const share = deck.questions.length ? scenarios / deck.questions.length : 0;
  if (share < req.scenarioShare) {
    report.warn(['questions'], `only ${scenarios} of ${deck.questions.length} prompts (${Math.round(share * 100)}%) look like scenarios ` +
      `(a team, a constraint, a goal); aim for ${Math.round(req.scenarioShare * 100)}% (heuristic, not an error)`);
  }
}

function checkCoverage(report: DeckReport, deck: Deck, req: DeckRequirements, located: readonly Located[]): void {
  const where = `deck "${deck.id}"`;
  const coverage = deckCoverage(deck);
  if (req.taskRequired) {
    for (const { q, index } of located) {
      if (q.task === undefined) {
        report.soft(['questions', index], `missing "task": name the exam task statement this question tests, e.g. task: "3.2" (quoted)`, q.id);
      }
    }
  }
  for (const [task, min] of Object.entries(req.minPerTask)) {
    const n = coverage.byTask[task] ?? 0;
    if (n < min) report.soft(['questions'], `${where} has ${n} question${n === 1 ? '' : 's'} for task ${task}, needs at least ${min}: add ${min - n} more with task: "${task}"`);
  }
  if (req.minPerSkill > 0) {
    for (const [skill, tag] of Object.entries(SKILLS)) {
      const n = coverage.bySkill[skill] ?? 0;
      if (n < req.minPerSkill) {
        report.soft(['questions'], `${where} has ${n} question${n === 1 ? '' : 's'} with skill "${skill}" (task ${tag.task}), needs at least ${req.minPerSkill}: ` +
          `add ${req.minPerSkill - n} more with skills: [${skill}]`);
      }
    }
  }
  for (const [domain, max] of Object.entries(req.maxDomainShare)) {
    const share = domainShare(coverage, domain);
    if (share >= max) {
      const n = coverage.byDomain[domain] ?? 0;
      const allowed = Math.ceil(max * coverage.questions) - 1;
      report.soft(['questions'], `${where} has ${n} of ${coverage.questions} questions (${Math.round(share * 100)}%) on Domain ${domain} tasks, ` +
        `must stay under ${Math.round(max * 100)}%: cut or retag ${n - allowed} of them, or add Domain 3 questions`);
    }
  }
}

const ACTORS = /\b(a|an|the|your)\s+([\w-]+\s+){0,3}(team|company|companies|engineer|engineers|scientist|scientists|startup|bank|retailer|insurer|hospital|organization|business|group|firm|lab|developer|developers|platform|provider|agency|manufacturer|analyst|analysts)\b/i;

/** Heuristic: case questions, or prompts of 20+ words that name an actor and ask what to do. */
export function looksLikeScenario(q: DeckQuestion): boolean {
  if (q.case) return true;
  const words = q.prompt.split(/\s+/).filter(Boolean).length;
  return words >= 20 && ACTORS.test(q.prompt);
}
