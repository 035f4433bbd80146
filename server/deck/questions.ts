/**
 * Rules for one question: the common fields, then the fields of its type.
 * Returns the typed question, or null when it is too broken to use.
 */
import { QUESTION_TYPES, type DeckQuestion, type MatchPair, type QuestionType } from '../../shared/deck.js';
import {
  describe, isRecord, normText, readId, readInteger, readList, readListText, readText, warnUnknownKeys, type Raw,
} from './fields.js';
import type { Scope } from './issues.js';
import { readOptions } from './options.js';

const BASE_KEYS = ['id', 'topic', 'type', 'prompt', 'explanation', 'difficulty', 'time', 'task', 'refs', 'case'];
const TYPE_KEYS: Record<QuestionType, string[]> = {
  single: ['options'],
  multi: ['options'],
  truefalse: ['answer', 'why'],
  match: ['pairs'],
  order: ['steps'],
};
const ALL_TYPE_KEYS = ['options', 'answer', 'why', 'pairs', 'steps'];

export const TIME_RANGE = [5, 600] as const;
export const MATCH_PAIRS = [3, 7] as const;
export const ORDER_STEPS = [3, 5] as const;

export interface QuestionContext {
  topicIds: ReadonlySet<string>;
  caseIds: ReadonlySet<string>;
}

export function checkQuestion(scope: Scope, raw: unknown, index: number, ctx: QuestionContext): DeckQuestion | null {
  if (!isRecord(raw)) {
    scope.error([], `question ${index + 1} must be a mapping (id, topic, type, prompt, ...), found ${describe(raw)}`);
    return null;
  }
  const id = readId(scope, raw, 'id', 'question');
  if (id) scope.questionId = id;
  const rawType = raw.type;
  const type = QUESTION_TYPES.find((t) => t === rawType);
  if (rawType === undefined || rawType === null) {
    scope.error(['type'], `missing "type": use one of ${QUESTION_TYPES.join(', ')}`);
  } else if (!type) {
    scope.error(['type'], `unknown type ${describe(rawType)}: use one of ${QUESTION_TYPES.join(', ')}`);
  }
  const known = [...BASE_KEYS, ...ALL_TYPE_KEYS];
  warnUnknownKeys(scope, raw, known, 'a question');
  if (type) {
    for (const key of ALL_TYPE_KEYS) {
      if (key in raw && !TYPE_KEYS[type].includes(key)) {
        scope.error([key], `remove "${key}": a ${type} question uses ${TYPE_KEYS[type].map((k) => `"${k}"`).join(' and ')}`);
      }
    }
  }

  const topic = readText(scope, raw, 'topic', 'required', `set one of the deck's topic ids`);
  if (topic !== undefined && !ctx.topicIds.has(topic)) {
    scope.error(['topic'], `unknown topic "${topic}": use one of the deck's topics (${[...ctx.topicIds].join(', ')}) or add it to "topics"`);
  }
  const prompt = readText(scope, raw, 'prompt', 'required', 'write the question the players see');
  const explanation = readText(scope, raw, 'explanation', 'soft', 'add 2-4 sentences that teach the concept behind the answer');
  const difficulty = readInteger(scope, raw, 'difficulty', 'soft', 1, 3, 'set 1 (easy), 2 (medium) or 3 (hard)');
  const time = readInteger(scope, raw, 'time', 'optional', TIME_RANGE[0], TIME_RANGE[1], '');
  const task = readTask(scope, raw);
  const refs = readRefs(scope, raw);
  const caseId = readText(scope, raw, 'case', 'optional', '');
  if (caseId !== undefined && !ctx.caseIds.has(caseId)) {
    scope.error(['case'], `unknown case "${caseId}": add it to the deck's "cases" (id, title, scenario) or fix the id`);
  }

  const base = {
    id: id ?? '',
    topic: topic ?? '',
    prompt: prompt ?? '',
    ...(explanation !== undefined && { explanation }),
    ...(difficulty !== undefined && { difficulty: difficulty as 1 | 2 | 3 }),
    ...(time !== undefined && { time }),
    ...(task !== undefined && { task }),
    ...(refs !== undefined && { refs }),
    ...(caseId !== undefined && { case: caseId }),
  };
  const valid = id !== undefined && topic !== undefined && ctx.topicIds.has(topic) && prompt !== undefined;

  switch (type) {
    case 'single':
    case 'multi': {
      const options = readOptions(scope, raw, type, prompt);
      return valid && options ? { ...base, type, options } : null;
    }
    case 'truefalse': {
      const answer = raw.answer;
      if (typeof answer !== 'boolean') {
        scope.error(['answer'], answer === undefined || answer === null
          ? 'missing "answer": write answer: true or answer: false'
          : `"answer" must be true or false (unquoted), found ${describe(answer)}`);
      }
      const why = readText(scope, raw, 'why', 'soft', `say why the statement is ${answer === false ? 'false' : 'true'}`);
      if (!valid || typeof answer !== 'boolean') return null;
      return { ...base, type, answer, ...(why !== undefined && { why }) };
    }
    case 'match': {
      const pairs = readPairs(scope, raw);
      return valid && pairs ? { ...base, type, pairs } : null;
    }
    case 'order': {
      const steps = readSteps(scope, raw);
      return valid && steps ? { ...base, type, steps } : null;
    }
    default:
      return null;
  }
}

function readTask(scope: Scope, raw: Raw): string | undefined {
  const value = raw.task;
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || !/^\d+\.\d+$/.test(value.trim())) {
    scope.error(['task'], `"task" must be a quoted task statement number like task: "3.1", found ${describe(value)}`);
    return undefined;
  }
  return value.trim();
}

function readRefs(scope: Scope, raw: Raw): string[] | undefined {
  const list = readList(scope, raw, 'refs', 'optional', '');
  if (!list) return undefined;
  const refs: string[] = [];
  list.forEach((ref, i) => {
    if (typeof ref !== 'string' || !/^https?:\/\/\S+$/.test(ref.trim())) {
      scope.error(['refs', i], `ref ${i + 1} must be a documentation URL starting with https://, found ${describe(ref)}`);
    } else {
      refs.push(ref.trim());
    }
  });
  return refs;
}

function readPairs(scope: Scope, raw: Raw): MatchPair[] | undefined {
  const list = readList(scope, raw, 'pairs', 'required', 'list the correct pairs as - left: ... right: ...');
  if (!list) return undefined;
  const ps = scope.child(['pairs']);
  const pairs: MatchPair[] = [];
  let ok = true;
  list.forEach((item, i) => {
    const s = ps.child([i]);
    if (!isRecord(item)) {
      s.error([], `pair ${i + 1} must be a mapping with left and right, found ${describe(item)}`);
      ok = false;
      return;
    }
    warnUnknownKeys(s, item, ['left', 'right'], `pair ${i + 1}`);
    const left = readText(s, item, 'left', 'required', `write the left side of pair ${i + 1}`, true);
    const right = readText(s, item, 'right', 'required', `write the right side of pair ${i + 1}`, true);
    if (left === undefined || right === undefined) ok = false;
    else pairs.push({ left, right });
  });
  const [min, max] = MATCH_PAIRS;
  if (list.length < min || list.length > max) {
    scope.error(['pairs'], `a match question needs ${min} to ${max} pairs, found ${list.length}`);
    ok = false;
  }
  ok = uniqueTexts(ps, pairs.map((p) => p.left), 'left side', 'left') && ok;
  ok = uniqueTexts(ps, pairs.map((p) => p.right), 'right side', 'right') && ok;
  return ok ? pairs : undefined;
}

function readSteps(scope: Scope, raw: Raw): string[] | undefined {
  const list = readList(scope, raw, 'steps', 'required', 'list the steps in the correct order');
  if (!list) return undefined;
  const ss = scope.child(['steps']);
  const steps: string[] = [];
  let ok = true;
  list.forEach((item, i) => {
    const step = readListText(ss, item, i, 'step');
    if (step === undefined) ok = false;
    else steps.push(step);
  });
  const [min, max] = ORDER_STEPS;
  if (list.length < min || list.length > max) {
    scope.error(['steps'], `an order question needs ${min} to ${max} steps, found ${list.length}`);
    ok = false;
  }
  return uniqueTexts(ss, steps, 'step') && ok ? steps : undefined;
}

function uniqueTexts(scope: Scope, texts: string[], what: string, key?: string): boolean {
  const seen = new Map<string, number>();
  let ok = true;
  texts.forEach((text, i) => {
    const first = seen.get(normText(text));
    if (first !== undefined) {
      scope.error(key ? [i, key] : [i], `${what} ${i + 1} repeats ${what} ${first + 1} ("${text}"): each must be different`);
      ok = false;
    } else {
      seen.set(normText(text), i);
    }
  });
  return ok;
}
