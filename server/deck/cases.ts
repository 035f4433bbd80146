/**
 * Case studies: a deck's `cases` list, and the rule that the questions of a
 * case come one after another, 2 to 4 per case.
 */
import type { DeckCase } from '../../shared/deck.js';
import { describe, isRecord, readId, readText, warnUnknownKeys, type Raw } from './fields.js';
import type { DeckReport } from './issues.js';

export const CASE_QUESTIONS = [2, 4] as const;

export interface CaseMember {
  id?: string;
  case: string;
  index: number;
}

/** Reads `cases`; returns the valid ones (duplicates and broken entries reported and dropped). */
export function readCases(report: DeckReport, root: Raw): DeckCase[] {
  const raw = root.cases;
  if (raw === undefined || raw === null) return [];
  const scope = report.scope(['cases']);
  if (!Array.isArray(raw)) {
    scope.error([], `"cases" must be a list of { id, title, scenario }, found ${describe(raw)}`);
    return [];
  }
  const cases: DeckCase[] = [];
  const firstLine = new Map<string, number>();
  raw.forEach((item, i) => {
    const s = scope.child([i]);
    if (!isRecord(item)) {
      s.error([], `case ${i + 1} must be a mapping with id, title and scenario, found ${describe(item)}`);
      return;
    }
    warnUnknownKeys(s, item, ['id', 'title', 'scenario'], `case ${i + 1}`);
    const id = readId(s, item, 'id', 'case');
    const title = readText(s, item, 'title', 'required', 'give the case study a short title');
    const scenario = readText(s, item, 'scenario', 'required', 'describe the team, data, constraints and goal (3-6 sentences)');
    if (id === undefined) return;
    const first = firstLine.get(id);
    if (first !== undefined) {
      s.error(['id'], `duplicate case id "${id}" (first at line ${first}): give each case its own id`);
      return;
    }
    firstLine.set(id, s.line());
    if (title !== undefined && scenario !== undefined) cases.push({ id, title, scenario });
  });
  return cases;
}

/**
 * `questions` lists every question that names a case, with its index in the file's list.
 * Every listed case must have 2-4 questions, and they must be consecutive.
 */
export function checkCaseGrouping(
  report: DeckReport,
  cases: DeckCase[],
  questions: CaseMember[],
  caseIndex: (id: string) => number,
): void {
  const [min, max] = CASE_QUESTIONS;
  for (const c of cases) {
    const members = questions.filter((x) => x.case === c.id);
    const at = ['cases', caseIndex(c.id)];
    if (members.length < min || members.length > max) {
      const ids = members.map(label).join(', ');
      report.error(at, `case "${c.id}" has ${members.length} question${members.length === 1 ? '' : 's'}${ids ? ` (${ids})` : ''}: a case needs ${min} to ${max} questions with case: ${c.id}`);
    }
    for (let k = 1; k < members.length; k++) {
      const prev = members[k - 1];
      const cur = members[k];
      if (cur.index !== prev.index + 1) {
        report.error(
          ['questions', cur.index],
          `questions of case "${c.id}" must be consecutive: move this question right after ${label(prev)} (line ${report.lineOf(['questions', prev.index])})`,
          cur.id,
        );
        break;
      }
    }
  }
}

function label(m: CaseMember): string {
  return m.id ?? `question ${m.index + 1}`;
}
