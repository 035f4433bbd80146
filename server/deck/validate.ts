/**
 * The deck checker: parses a deck's YAML with line positions and applies every
 * rule of the format (docs/content.md). Used by the server at start
 * (load.ts), by `npm run content:check` and by `npm run content:import`.
 */
import { LineCounter, parseDocument } from 'yaml';
import type { Deck, DeckTopic } from '../../shared/deck.js';
import { checkCaseGrouping, readCases, type CaseMember } from './cases.js';
import { checkFairness, deckStats, type DeckStats, type Located } from './fairness.js';
import { describe, isRecord, readId, readList, readText, warnUnknownKeys, type Raw } from './fields.js';
import { DeckReport, sortIssues, type DeckIssue } from './issues.js';
import { makeLineFinder } from './lines.js';
import { checkQuestion } from './questions.js';
import { deckCoverage, type Coverage } from './coverage.js';
import { checkRequirements } from './requirements.js';
import { readSkills } from './skills.js';

export type { DeckIssue } from './issues.js';

export interface ValidateOptions {
  /** Shipped decks: missing why/explanation/difficulty and unfair figures are errors, option counts are exact. */
  strict: boolean;
}

export interface DeckValidation {
  /** The deck, or null when there is any error. */
  deck: Deck | null;
  errors: DeckIssue[];
  warnings: DeckIssue[];
}

export interface DeckCheck extends DeckValidation {
  /** Built from every question that passed its own rules, even when the deck has errors (for figures). */
  candidate: Deck | null;
  stats: DeckStats | null;
  /** Questions per exam task and skill tag, Domain 4 share (null when the file could not be read as a deck). */
  coverage: Coverage | null;
  /** Line of each question id in the file. */
  questionLines: Map<string, number>;
}

const DECK_KEYS = ['id', 'title', 'description', 'source', 'topics', 'cases', 'questions'];

export function validateDeckText(text: string, file: string, opts: ValidateOptions): DeckValidation {
  const { deck, errors, warnings } = checkDeckText(text, file, opts);
  return { deck, errors, warnings };
}

export function checkDeckText(text: string, file: string, opts: ValidateOptions): DeckCheck {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  const report = new DeckReport(file, opts.strict, makeLineFinder(doc, counter));
  const result = (candidate: Deck | null, stats: DeckStats | null, questionLines = new Map<string, number>()): DeckCheck => ({
    deck: report.errors.length === 0 ? candidate : null,
    candidate,
    stats,
    coverage: candidate ? deckCoverage(candidate) : null,
    questionLines,
    errors: sortIssues(report.errors),
    warnings: sortIssues(report.warnings),
  });

  const errorLines = new Set<number>();
  for (const e of doc.errors) {
    const line = counter.linePos(e.pos[0]).line;
    if (errorLines.has(line)) continue; // later errors on a line are usually follow-ups of the first
    errorLines.add(line);
    const what = e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    report.errors.push({ file, line, message: `YAML syntax error: ${what} (check indentation, and quote text containing ": " or starting with a special character)` });
  }
  for (const w of doc.warnings) {
    report.warnings.push({ file, line: counter.linePos(w.pos[0]).line, message: `YAML: ${w.message.split('\n')[0]}` });
  }
  if (doc.errors.length > 0) return result(null, null);

  let root: unknown;
  try {
    root = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    report.error([], `YAML could not be read: ${(err as Error).message}`);
    return result(null, null);
  }
  if (!isRecord(root)) {
    report.error([], `a deck file must be a mapping with id, title, topics and questions, found ${describe(root)}`);
    return result(null, null);
  }
  return checkRoot(report, root, result);
}

function checkRoot(
  report: DeckReport,
  root: Raw,
  result: (candidate: Deck | null, stats: DeckStats | null, lines?: Map<string, number>) => DeckCheck,
): DeckCheck {
  const top = report.scope([]);
  warnUnknownKeys(top, root, DECK_KEYS, 'the deck');
  const id = readId(top, root, 'id', 'deck');
  const title = readText(top, root, 'title', 'required', 'give the deck the title players see');
  const description = readText(top, root, 'description', 'soft', 'add one or two sentences the host sees when picking a deck');
  if (root.source !== undefined && root.source !== 'import') {
    top.error(['source'], `"source" may only be "import" (a deck converted from a spreadsheet); remove it for a deck you write`);
  }
  const topics = readTopics(report, root);
  const cases = readCases(report, root);
  const caseIndex = (caseId: string) => (root.cases as Raw[]).findIndex((c) => isRecord(c) && c.id === caseId);

  const rawQuestions = readList(top, root, 'questions', 'required', 'list the questions under "questions"') ?? [];
  if (Array.isArray(root.questions) && rawQuestions.length === 0) top.error(['questions'], 'the deck has no questions: add some');
  const ctx = { topicIds: new Set(topics.map((t) => t.id)), caseIds: new Set(cases.map((c) => c.id)) };
  const valid: Located[] = [];
  const questionLines = new Map<string, number>();
  const members: CaseMember[] = [];
  rawQuestions.forEach((raw, index) => {
    const scope = report.scope(['questions', index]);
    // `skills` is read here (skills.ts) rather than with the other common fields in questions.ts,
    // which the per-type refactor (issue 9) owns for now; checkQuestion sees the question without it.
    const q = checkQuestion(scope, withoutSkills(raw), index, ctx);
    const skills = isRecord(raw) ? readSkills(scope, raw) : undefined;
    const qid = scope.questionId;
    if (qid !== undefined) {
      const first = questionLines.get(qid);
      if (first !== undefined) {
        scope.error(['id'], `duplicate question id "${qid}" (first used at line ${first}): give each question its own id`);
      } else {
        questionLines.set(qid, scope.line());
      }
    }
    if (isRecord(raw) && typeof raw.case === 'string') members.push({ id: qid, case: raw.case.trim(), index });
    if (q) valid.push({ q: skills ? { ...q, skills } : q, index });
  });
  checkCaseGrouping(report, cases, members, caseIndex);

  const candidate: Deck = {
    id: id ?? '',
    title: title ?? '',
    ...(description !== undefined && { description }),
    ...(root.source === 'import' && { source: 'import' as const }),
    topics,
    ...(cases.length > 0 && { cases }),
    questions: valid.map((x) => x.q),
  };
  const stats = deckStats(candidate);
  checkFairness(report, stats, valid);
  if (id !== undefined) checkRequirements(report, candidate, stats, valid);
  return result(candidate, stats, questionLines);
}

function withoutSkills(raw: unknown): unknown {
  if (!isRecord(raw) || !('skills' in raw)) return raw;
  const { skills: _skills, ...rest } = raw;
  return rest;
}

function readTopics(report: DeckReport, root: Raw): DeckTopic[] {
  const scope = report.scope(['topics']);
  const top = report.scope([]);
  const list = readList(top, root, 'topics', 'required', 'list the topics as - id: ... title: ...');
  if (!list) return [];
  if (list.length === 0) top.error(['topics'], 'add at least one topic (- id: ... title: ...)');
  const topics: DeckTopic[] = [];
  const firstLine = new Map<string, number>();
  list.forEach((item, i) => {
    const s = scope.child([i]);
    if (!isRecord(item)) {
      s.error([], `topic ${i + 1} must be a mapping with id and title, found ${describe(item)}`);
      return;
    }
    warnUnknownKeys(s, item, ['id', 'title'], `topic ${i + 1}`);
    const id = readId(s, item, 'id', 'topic');
    const title = readText(s, item, 'title', 'required', 'give the topic a title');
    if (id === undefined) return;
    const first = firstLine.get(id);
    if (first !== undefined) {
      s.error(['id'], `duplicate topic id "${id}" (first at line ${first}): list each topic once`);
      return;
    }
    firstLine.set(id, s.line());
    if (title !== undefined) topics.push({ id, title });
  });
  return topics;
}

/** The deck's id and source without validating it (to decide strictness before checking). */
export function readDeckHeader(text: string): { id?: string; source?: string } {
  try {
    const root: unknown = parseDocument(text).toJS();
    if (!isRecord(root)) return {};
    return {
      ...(typeof root.id === 'string' && { id: root.id }),
      ...(typeof root.source === 'string' && { source: root.source }),
    };
  } catch {
    return {};
  }
}

