/**
 * Exam coverage of a deck (issue 12): questions per exam task statement (and
 * per topic within it), per skill tag, questions without a task, and the share
 * of Domain 4 questions. Printed by `npm run content:check`; the built-in
 * deck's minimums are in requirements.ts.
 */
import type { Deck } from '../../shared/deck.js';
import { SKILLS } from './skills.js';

/** MLA-C01 task statements the coverage table names even when no question has them. */
export const EXAM_TASKS: Readonly<Record<string, string>> = {
  '3.1': 'Select deployment infrastructure based on existing architecture and requirements',
  '3.2': 'Create and script infrastructure based on existing architecture and requirements',
  '3.3': 'Use automated orchestration tools to set up CI/CD pipelines',
};

export interface Coverage {
  /** task -> questions; the EXAM_TASKS first (0 when absent), then any other task found, in numeric order. */
  byTask: Record<string, number>;
  /** task -> topic id -> questions, for the coverage table. */
  taskTopics: Record<string, Record<string, number>>;
  /** Every known skill tag (0 when unused), then unknown ones never appear (they are errors). */
  bySkill: Record<string, number>;
  /** Questions without a task. */
  untagged: number;
  /** domain ("3", "4", ...) -> questions. */
  byDomain: Record<string, number>;
  questions: number;
}

export function domainOf(task: string): string {
  return task.split('.')[0];
}

function compareTasks(a: string, b: string): number {
  const [a1, a2] = a.split('.').map(Number);
  const [b1, b2] = b.split('.').map(Number);
  return a1 - b1 || a2 - b2;
}

export function deckCoverage(deck: Deck): Coverage {
  const found: Record<string, number> = {};
  const taskTopics: Record<string, Record<string, number>> = {};
  const bySkill: Record<string, number> = Object.fromEntries(Object.keys(SKILLS).map((s) => [s, 0]));
  const byDomain: Record<string, number> = {};
  let untagged = 0;
  for (const q of deck.questions) {
    for (const s of q.skills ?? []) bySkill[s] = (bySkill[s] ?? 0) + 1;
    if (q.task === undefined) {
      untagged++;
      continue;
    }
    found[q.task] = (found[q.task] ?? 0) + 1;
    const topics = (taskTopics[q.task] ??= {});
    topics[q.topic] = (topics[q.topic] ?? 0) + 1;
    const d = domainOf(q.task);
    byDomain[d] = (byDomain[d] ?? 0) + 1;
  }
  const tasks = [...new Set([...Object.keys(EXAM_TASKS), ...Object.keys(found)])].sort(compareTasks);
  return {
    byTask: Object.fromEntries(tasks.map((t) => [t, found[t] ?? 0])),
    taskTopics,
    bySkill,
    untagged,
    byDomain,
    questions: deck.questions.length,
  };
}

/** Share of all questions tagged with a task of `domain`. */
export function domainShare(c: Coverage, domain: string): number {
  return c.questions ? (c.byDomain[domain] ?? 0) / c.questions : 0;
}
