/**
 * Deck figures (questions per topic and type, correct-position spread,
 * longest-correct share) and the fairness rules built on them.
 */
import { QUESTION_TYPES, type Deck, type DeckQuestion, type QuestionType } from '../../shared/deck.js';
import type { DeckReport } from './issues.js';
import { asSingle } from '../question-types/single.js';
import { stripChooseMarker } from './options.js';

export const FAIRNESS = {
  /** The position rule applies from this many single questions on. */
  positionMinSingles: 20,
  /** No position may hold more than this share of the singles' correct options... */
  positionMaxShare: 0.4,
  /** ...or less than this share. */
  positionMinShare: 0.1,
  /** Share of singles whose correct option is strictly the longest: at most... */
  longestMaxShare: 0.35,
  /** ...and, from positionMinSingles singles on, at least (else "never pick the longest" wins). */
  longestMinShare: 0.15,
  /** Token Jaccard similarity from which two prompts count as near-duplicates. */
  nearDuplicate: 0.8,
} as const;

export interface DeckStats {
  questions: number;
  byType: Record<QuestionType, number>;
  /** topic id -> type -> count, in the deck's topic order. */
  byTopic: Record<string, Record<QuestionType, number>>;
  cases: number;
  singles: number;
  /** Correct option per position (index 0 = first option) over single questions. */
  positions: number[];
  /** Singles whose correct option is strictly longer than every other option. */
  longestCorrect: number;
  longestShare: number;
  /** Singles whose correct option repeats a prompt word that no wrong option uses. */
  echoes: number;
}

export function emptyCounts(): Record<QuestionType, number> {
  return Object.fromEntries(QUESTION_TYPES.map((t) => [t, 0])) as Record<QuestionType, number>;
}

export function deckStats(deck: Deck): DeckStats {
  const byType = emptyCounts();
  const byTopic: Record<string, Record<QuestionType, number>> = {};
  for (const t of deck.topics) byTopic[t.id] = emptyCounts();
  const positions = [0, 0, 0, 0];
  let singles = 0;
  let longestCorrect = 0;
  let echoes = 0;
  for (const q of deck.questions) {
    byType[q.type]++;
    (byTopic[q.topic] ??= emptyCounts())[q.type]++;
    const s = asSingle(q);
    if (!s) continue;
    const at = s.options.findIndex((o) => o.correct);
    if (at < 0) continue;
    singles++;
    while (positions.length <= at) positions.push(0);
    positions[at]++;
    if (isLongestCorrect(s)) longestCorrect++;
    if (echoedWords(s).length > 0) echoes++;
  }
  return {
    questions: deck.questions.length,
    byType,
    byTopic,
    cases: deck.cases?.length ?? 0,
    singles,
    positions,
    longestCorrect,
    longestShare: singles ? longestCorrect / singles : 0,
    echoes,
  };
}

function isLongestCorrect(q: DeckQuestion & { type: 'single' }): boolean {
  const correct = q.options.find((o) => o.correct);
  if (!correct) return false;
  const len = correct.text.length;
  return q.options.every((o) => o === correct || o.text.length < len);
}

export interface Located {
  q: DeckQuestion;
  /** Index of the question in the file's `questions` list. */
  index: number;
}

export function checkFairness(report: DeckReport, stats: DeckStats, questions: Located[]): void {
  const at = ['questions'];
  const pct = (x: number) => `${Math.round(x * 100)}%`;
  if (stats.singles >= FAIRNESS.positionMinSingles) {
    stats.positions.forEach((count, i) => {
      const share = count / stats.singles;
      if (share > FAIRNESS.positionMaxShare || share < FAIRNESS.positionMinShare) {
        report.soft(at, `correct option is at position ${i + 1} in ${count} of ${stats.singles} single questions (${pct(share)}): ` +
          `keep every position between ${pct(FAIRNESS.positionMinShare)} and ${pct(FAIRNESS.positionMaxShare)} by moving correct options (spread: ${stats.positions.join('/')})`);
      }
    });
  }
  if (stats.singles > 0 && stats.longestShare > FAIRNESS.longestMaxShare) {
    report.soft(at, `the correct option is strictly the longest in ${stats.longestCorrect} of ${stats.singles} single questions (${pct(stats.longestShare)}, ` +
      `max ${pct(FAIRNESS.longestMaxShare)}): make distractors as specific and long as the answer`);
  }
  if (stats.singles >= FAIRNESS.positionMinSingles && stats.longestShare < FAIRNESS.longestMinShare) {
    const need = Math.ceil(FAIRNESS.longestMinShare * stats.singles) - stats.longestCorrect;
    report.soft(at, `the correct option is strictly the longest in only ${stats.longestCorrect} of ${stats.singles} single questions (${pct(stats.longestShare)}, ` +
      `min ${pct(FAIRNESS.longestMinShare)}): "never pick the longest" would win; let the correct option be the most specific (longest) in ${need} more`);
  }
  for (const { q, index } of questions) {
    const s = asSingle(q);
    if (!s) continue;
    const words = echoedWords(s);
    if (words.length > 0) {
      report.warn(['questions', index, 'options'], `the correct option repeats prompt word${words.length > 1 ? 's' : ''} ` +
        `${words.map((w) => `"${w}"`).join(', ')} that no wrong option uses: it may give the answer away (heuristic; reword the option or use the word in a distractor)`, q.id);
    }
  }
  checkNearDuplicates(report, questions);
}

function checkNearDuplicates(report: DeckReport, questions: Located[]): void {
  const prepared = questions.map((x) => ({ ...x, norm: normalizePrompt(x.q.prompt), tokens: new Set(tokens(x.q.prompt)) }));
  for (let j = 1; j < prepared.length; j++) {
    const b = prepared[j];
    for (let i = 0; i < j; i++) {
      const a = prepared[i];
      const same = a.norm === b.norm;
      const sim = same ? 1 : jaccard(a.tokens, b.tokens);
      if (same || (Math.min(a.tokens.size, b.tokens.size) >= 4 && sim >= FAIRNESS.nearDuplicate)) {
        const line = report.lineOf(['questions', a.index]);
        report.error(['questions', b.index, 'prompt'], same
          ? `prompt repeats the prompt of ${a.q.id} (line ${line}): remove one of them or ask something else`
          : `prompt is nearly the same as the prompt of ${a.q.id} (line ${line}, ${Math.round(sim * 100)}% of words shared): rewrite one of them so they ask different things`,
        b.q.id);
        break;
      }
    }
  }
}

export function normalizePrompt(prompt: string): string {
  return tokens(prompt).join(' ');
}

export function tokens(text: string): string[] {
  return stripChooseMarker(text).toLowerCase().match(/[a-z0-9]+/g) ?? [];
}

export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let shared = 0;
  for (const t of a) if (b.has(t)) shared++;
  return shared / (a.size + b.size - shared);
}

/** Words that are too common in this domain to give an answer away. */
const COMMON = new Set([
  'amazon', 'sagemaker', 'model', 'service', 'which', 'would', 'should', 'could', 'their', 'there', 'these', 'those',
  'about', 'using', 'other', 'where', 'while', 'after', 'before', 'need', 'want', 'through', 'without', 'within',
  'every', 'least', 'across', 'because', 'being', 'ensure', 'require', 'requires', 'required', 'existing', 'minimal',
]);

function contentWords(text: string): Set<string> {
  const out = new Set<string>();
  for (const t of tokens(text)) {
    const w = t.endsWith('s') && !t.endsWith('ss') ? t.slice(0, -1) : t;
    if (w.length < 5 || COMMON.has(w) || COMMON.has(t)) continue;
    out.add(w);
  }
  return out;
}

/** Prompt words the correct option repeats and no wrong option does. */
export function echoedWords(q: DeckQuestion & { type: 'single' }): string[] {
  const prompt = contentWords(q.prompt);
  const correct = q.options.find((o) => o.correct);
  if (!correct) return [];
  const wrong = new Set<string>();
  for (const o of q.options) if (!o.correct) for (const w of contentWords(o.text)) wrong.add(w);
  return [...contentWords(correct.text)].filter((w) => prompt.has(w) && !wrong.has(w));
}
