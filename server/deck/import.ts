/**
 * Converts a quiz spreadsheet in the widely used quiz-template layout, saved
 * as CSV, into an imported deck (`source: import`). Columns, found by their
 * header (case-insensitive, by prefix, in any order, other columns ignored):
 *   Question | Answer 1 | Answer 2 | Answer 3 | Answer 4 | Time limit (sec) | Correct answer(s)
 * plus optional Topic and Explanation. Rows before the header are skipped.
 * One correct answer -> single (2 answers True/False -> truefalse); several
 * -> multi, with "(Choose TWO.)" / "(Choose THREE.)" added to the prompt.
 */
import { stringify } from 'yaml';
import type { Deck, DeckQuestion, DeckTopic } from '../../shared/deck.js';
import { CsvError, parseCsv, type CsvRecord } from './csv.js';
import { ID_PATTERN } from './fields.js';
import type { DeckIssue } from './issues.js';
import { chooseMarker, stripChooseMarker } from './options.js';
import { TIME_RANGE } from './questions.js';
import { checkDeckText } from './validate.js';

export interface ImportOptions {
  deckId: string;
  title: string;
  description?: string;
  /** Name of the CSV file, for the comment at the top of the YAML. */
  sourceName?: string;
  /** Write the good rows even when some rows are bad. */
  skipBad?: boolean;
}

export interface ImportProblem {
  /** Spreadsheet row (1-based record number); 0 when not about one row. */
  row: number;
  /** Line in the CSV file where the row starts. */
  line: number;
  message: string;
}

export interface ImportResult {
  /** The deck YAML, or null when the import was refused. */
  yaml: string | null;
  deck: Deck | null;
  /** Bad rows and other reasons the import was refused (or rows skipped with skipBad). */
  problems: ImportProblem[];
  /** The checker's warnings on the produced deck (missing why/explanation...). */
  warnings: DeckIssue[];
  /** Spreadsheet row of each question id. */
  rows: Map<string, number>;
}

const COLUMNS = {
  question: /^\s*question\b/i,
  answer1: /^\s*answer\s*1\b/i,
  answer2: /^\s*answer\s*2\b/i,
  answer3: /^\s*answer\s*3\b/i,
  answer4: /^\s*answer\s*4\b/i,
  time: /^\s*time\s*limit\b/i,
  correct: /^\s*correct\s*answer/i,
  topic: /^\s*topic\b/i,
  explanation: /^\s*explanation\b/i,
};
type Column = keyof typeof COLUMNS;
const REQUIRED: Column[] = ['question', 'answer1', 'answer2', 'correct'];
const LABELS: Partial<Record<Column, string>> = { question: 'Question', answer1: 'Answer 1', answer2: 'Answer 2', correct: 'Correct answer(s)' };
const HEADER_HINT = 'Question, Answer 1, Answer 2, Answer 3, Answer 4, Time limit (sec), Correct answer(s)';

export function importQuizCsv(text: string, opts: ImportOptions): ImportResult {
  const refused = (problems: ImportProblem[]): ImportResult => ({ yaml: null, deck: null, problems, warnings: [], rows: new Map() });
  if (!ID_PATTERN.test(opts.deckId)) {
    return refused([{ row: 0, line: 0, message: `deck id "${opts.deckId}" may only use lowercase letters, digits, ".", "_" and "-": pass --id` }]);
  }
  let records: CsvRecord[];
  try {
    records = parseCsv(text);
  } catch (err) {
    if (err instanceof CsvError) return refused([{ row: 0, line: err.line, message: err.message }]);
    throw err;
  }
  const headerAt = records.findIndex((r) => r.cells.some((c) => COLUMNS.question.test(c)) && r.cells.some((c) => COLUMNS.answer1.test(c)));
  if (headerAt < 0) return refused([{ row: 0, line: 0, message: `no header row found: the CSV needs a row with the columns ${HEADER_HINT}` }]);
  const header = records[headerAt];
  const col: Partial<Record<Column, number>> = {};
  for (const key of Object.keys(COLUMNS) as Column[]) {
    const at = header.cells.findIndex((c) => COLUMNS[key].test(c));
    if (at >= 0) col[key] = at;
  }
  const missing = REQUIRED.filter((k) => col[k] === undefined);
  if (missing.length > 0) {
    return refused([{ row: header.row, line: header.line, message: `header row lacks column${missing.length > 1 ? 's' : ''} ${missing.map((k) => LABELS[k]).join(', ')}: expected ${HEADER_HINT}` }]);
  }

  const problems: ImportProblem[] = [];
  const questions: DeckQuestion[] = [];
  const topics = new Map<string, DeckTopic>();
  const rows = new Map<string, number>();
  for (const rec of records.slice(headerAt + 1)) {
    if (rec.cells.every((c) => c.trim() === '')) continue;
    const id = `${opts.deckId}-${String(questions.length + 1).padStart(3, '0')}`;
    const result = convertRow(rec, col, id);
    if (typeof result === 'string') {
      problems.push({ row: rec.row, line: rec.line, message: result });
      continue;
    }
    const topicTitle = cell(rec, col.topic) || 'General';
    const topicId = slug(topicTitle) || 'general';
    if (!topics.has(topicId)) topics.set(topicId, { id: topicId, title: topicTitle });
    result.topic = topicId;
    questions.push(result);
    rows.set(id, rec.row);
  }
  if (questions.length === 0 && problems.length === 0) {
    problems.push({ row: header.row, line: header.line, message: 'no questions below the header row' });
  }
  if ((problems.length > 0 && !opts.skipBad) || questions.length === 0) return refused(problems);

  const deck: Deck = {
    source: 'import',
    id: opts.deckId,
    title: opts.title,
    description: opts.description ?? `Imported from ${opts.sourceName ?? 'a quiz spreadsheet'}.`,
    topics: [...topics.values()],
    questions,
  };
  const yaml = toYaml(deck, opts.sourceName);
  const check = checkDeckText(yaml, `${opts.deckId}.yaml`, { strict: false });
  for (const e of check.errors) {
    const row = e.questionId ? rows.get(e.questionId) ?? 0 : 0;
    const line = records.find((r) => r.row === row)?.line ?? 0;
    problems.push({ row, line, message: e.message });
  }
  if (check.errors.length > 0) return { ...refused(problems), rows };
  return { yaml, deck: check.deck, problems, warnings: check.warnings, rows };
}

function cell(rec: CsvRecord, at: number | undefined): string {
  return at === undefined ? '' : (rec.cells[at] ?? '').trim();
}

/** The question of one row, or a message saying what is wrong with the row. */
function convertRow(rec: CsvRecord, col: Partial<Record<Column, number>>, id: string): DeckQuestion | string {
  const prompt = cell(rec, col.question);
  if (!prompt) return 'the Question cell is empty: write the question or delete the row';
  const answers = (['answer1', 'answer2', 'answer3', 'answer4'] as const)
    .map((k, i) => ({ n: i + 1, text: cell(rec, col[k]) }))
    .filter((a) => a.text !== '');
  if (answers.length < 2) return `${answers.length ? 'only one answer' : 'no answers'}: a question needs at least 2 (Answer 1, Answer 2)`;
  const seen = new Set<string>();
  for (const a of answers) {
    if (seen.has(a.text.toLowerCase())) return `Answer ${a.n} repeats another answer ("${a.text}"): every answer needs its own text`;
    seen.add(a.text.toLowerCase());
  }

  const rawCorrect = cell(rec, col.correct);
  if (!rawCorrect) return 'the Correct answer(s) cell is empty: write the number of the right answer, e.g. 2, or several like 1,3';
  const parts = rawCorrect.split(/[\s,;]+/).filter(Boolean);
  const correct = new Set<number>();
  for (const p of parts) {
    const n = Number(p);
    if (!Number.isInteger(n) || n < 1 || n > 4) return `Correct answer(s) "${rawCorrect}" must list answer numbers 1 to 4, e.g. 2 or 1,3`;
    if (!answers.some((a) => a.n === n)) return `Correct answer(s) names answer ${n}, but Answer ${n} is empty`;
    correct.add(n);
  }
  if (correct.size === answers.length) return `all ${answers.length} answers are marked correct: at least one must be wrong`;
  if (correct.size > 3) return `${correct.size} correct answers: a question may have at most 3`;

  const timeText = cell(rec, col.time);
  let time: number | undefined;
  if (timeText) {
    const m = /^(\d+)\s*(s|sec|secs|seconds)?$/i.exec(timeText);
    time = m ? Number(m[1]) : NaN;
    if (!m || time < TIME_RANGE[0] || time > TIME_RANGE[1]) {
      return `Time limit "${timeText}" must be a number of seconds from ${TIME_RANGE[0]} to ${TIME_RANGE[1]}, or empty`;
    }
  }
  const explanation = cell(rec, col.explanation);
  const base = {
    id,
    topic: '',
    prompt,
    ...(time !== undefined && { time }),
    ...(explanation && { explanation }),
  };

  const lower = answers.map((a) => a.text.toLowerCase()).sort();
  if (answers.length === 2 && lower[0] === 'false' && lower[1] === 'true') {
    const right = answers.find((a) => correct.has(a.n))!;
    return { ...base, type: 'truefalse', answer: right.text.toLowerCase() === 'true' };
  }
  const options = answers.map((a) => ({ text: a.text, correct: correct.has(a.n) }));
  if (correct.size === 1) return { ...base, type: 'single', options };
  const marker = chooseMarker(correct.size);
  const withMarker = stripChooseMarker(prompt) === prompt ? `${prompt} ${marker}` : prompt;
  return { ...base, prompt: withMarker, type: 'multi', options };
}

export function slug(text: string): string {
  return text
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

const KEY_ORDER = ['id', 'topic', 'type', 'time', 'prompt', 'answer', 'options', 'explanation'];

function toYaml(deck: Deck, sourceName?: string): string {
  const note = [
    ` Imported from ${sourceName ?? 'a quiz spreadsheet'} by npm run content:import.`,
    ' Checked in non-strict mode because of "source: import": add a "why" to every option,',
    ' an "explanation" and a "difficulty" (1-3) to every question. See docs/content.md.',
  ].join('\n');
  const questions = deck.questions.map((q) => {
    const rec = q as unknown as Record<string, unknown>;
    return Object.fromEntries(KEY_ORDER.filter((k) => rec[k] !== undefined).map((k) => [k, rec[k]]));
  });
  return `#${note.replace(/\n/g, '\n#')}\n${stringify({ ...deck, questions }, { lineWidth: 100 })}`;
}
