/**
 * Rules for a list of options (the choice types: single, multi): their fields, their count, the number
 * of correct ones, and the "(Choose TWO.)" marker a prompt may have to carry. Each type passes its
 * bounds (server/question-types/).
 */
import type { DeckOption } from '../../shared/deck.js';
import { describe, isRecord, normText, readBoolean, readList, readText, warnUnknownKeys, type Raw } from './fields.js';
import type { Scope } from './issues.js';

const OPTION_KEYS = ['text', 'correct', 'why'] as const;
const COUNT_WORDS: Record<number, string> = { 2: 'TWO', 3: 'THREE' };
const CHOOSE_PATTERN = /\(\s*choose\s+(two|three|2|3)\s*\.?\s*\)/i;

type Range = readonly [number, number];

/** How a type's options are counted. Imported (non-strict) decks may have fewer options: the template has only 4 answers. */
export interface OptionRules {
  /** The type's name, for messages. */
  type: string;
  /** Options allowed in a strict (shipped) deck, and in an imported one. */
  strict: Range;
  relaxed: Range;
  /** Options marked correct. */
  correct: Range;
  /** A rule on the prompt, checked once the correct count is in range (multi: the "(Choose TWO.)" marker). */
  checkPrompt?: (scope: Scope, prompt: string, correct: number) => boolean;
}

export function readOptions(scope: Scope, q: Raw, rules: OptionRules, prompt: string | undefined): DeckOption[] | undefined {
  const type = rules.type;
  const list = readList(scope, q, 'options', 'required', `a ${type} question lists its answers under "options"`);
  if (!list) return undefined;
  const optionsScope = scope.child(['options']);
  const options: DeckOption[] = [];
  const missingWhy: number[] = [];
  let broken = false;
  list.forEach((raw, i) => {
    const os = optionsScope.child([i]);
    if (!isRecord(raw)) {
      os.error([], `option ${i + 1} must be a mapping with text, correct and why, found ${describe(raw)}`);
      broken = true;
      return;
    }
    warnUnknownKeys(os, raw, OPTION_KEYS, `option ${i + 1}`);
    const text = readText(os, raw, 'text', 'required', `write the text of option ${i + 1}`, true);
    const correct = readBoolean(os, raw, 'correct', `mark option ${i + 1} with correct: true or correct: false`);
    const why = readText(os, raw, 'why', 'optional', '', true);
    if (why === undefined) {
      missingWhy.push(i);
      if (scope.strict) {
        os.error([], `option ${i + 1} has no "why": say why it ${correct ? 'fits' : 'does not fit'} this scenario`);
      }
    }
    if (text === undefined || correct === undefined) {
      broken = true;
      return;
    }
    const option: DeckOption = { text, correct };
    if (why !== undefined) option.why = why;
    options.push(option);
  });
  if (!scope.strict && missingWhy.length > 0) {
    const which = missingWhy.map((i) => i + 1).join(', ');
    optionsScope.warn([missingWhy[0]], `option${missingWhy.length > 1 ? 's' : ''} ${which} ha${missingWhy.length > 1 ? 've' : 's'} no "why": say why each fits or does not fit`);
  }
  if (broken) return undefined;
  return checkCounts(scope, rules, options, prompt) ? options : undefined;
}

function checkCounts(scope: Scope, rules: OptionRules, options: DeckOption[], prompt: string | undefined): boolean {
  const type = rules.type;
  const [min, max] = rules.strict;
  const [rmin, rmax] = rules.relaxed;
  const n = options.length;
  const want = min === max ? `exactly ${min}` : `${min} to ${max}`;
  let ok = true;
  if (n < rmin || n > rmax || (scope.strict && (n < min || n > max))) {
    scope.error(['options'], `a ${type} question needs ${want} options, found ${n}: ${n < min ? 'add' : 'remove'} options`);
    ok = false;
  } else if (n < min || n > max) {
    scope.warn(['options'], `a ${type} question should have ${want} options, found ${n} (allowed in imported decks)`);
  }

  const correct = options.filter((o) => o.correct).length;
  const [cmin, cmax] = rules.correct;
  if (correct < cmin || correct > cmax) {
    const need = cmin === cmax ? 'exactly one option' : `${cmin} or ${cmax} options`;
    scope.error(['options'], `a ${type} question needs ${need} marked correct: true, found ${correct}: fix the correct flags`);
    ok = false;
  } else if (correct >= n) {
    scope.error(['options'], `every option is marked correct: at least one option must be wrong`);
    ok = false;
  }

  const seen = new Map<string, number>();
  options.forEach((o, i) => {
    const key = normText(o.text);
    const first = seen.get(key);
    if (first !== undefined) {
      scope.error(['options', i], `option ${i + 1} repeats option ${first + 1} ("${o.text}"): every option needs its own text`);
      ok = false;
    } else {
      seen.set(key, i);
    }
  });

  if (rules.checkPrompt && prompt !== undefined && correct >= cmin && correct <= cmax) {
    ok = rules.checkPrompt(scope, prompt, correct) && ok;
  }
  return ok;
}

/** The prompt says how many to pick, and says the number of correct options. */
export function checkChooseMarker(scope: Scope, prompt: string, correct: number): boolean {
  const word = COUNT_WORDS[correct];
  const match = CHOOSE_PATTERN.exec(prompt);
  if (!match) {
    scope.error(['prompt'], `a multi prompt must say how many to pick: add "(Choose ${word}.)" (${correct} options are correct)`);
    return false;
  }
  const said = match[1].toLowerCase();
  const saidCount = said === 'two' || said === '2' ? 2 : 3;
  if (saidCount !== correct) {
    scope.error(['prompt'], `the prompt says "${match[0]}" but ${correct} options are correct: write "(Choose ${word}.)" or fix the correct flags`);
    return false;
  }
  return true;
}

/** Remove the "(Choose TWO.)" marker, e.g. before comparing prompts. */
export function stripChooseMarker(prompt: string): string {
  return prompt.replace(CHOOSE_PATTERN, ' ');
}

export function chooseMarker(correct: number): string {
  return `(Choose ${COUNT_WORDS[correct] ?? String(correct)}.)`;
}
