/**
 * Rules for one question: the common fields, then the fields of its type.
 * Returns the typed question, or null when it is too broken to use.
 */
import { QUESTION_TYPES, type DeckQuestion } from '../../shared/deck.js';
import { questionType, SERVER_QUESTION_TYPES } from '../question-types/index.js';
import { describe, isRecord, readId, readInteger, readList, readText, warnUnknownKeys, type Raw } from './fields.js';
import type { Scope } from './issues.js';

const BASE_KEYS = ['id', 'topic', 'type', 'prompt', 'explanation', 'difficulty', 'time', 'task', 'refs', 'case'];
/** Every type's own fields, in table order, each once. */
const ALL_TYPE_KEYS = [...new Set(Object.values(SERVER_QUESTION_TYPES).flatMap((t) => t.deckKeys))];

export const TIME_RANGE = [5, 600] as const;

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
    const own = questionType(type).deckKeys;
    for (const key of ALL_TYPE_KEYS) {
      if (key in raw && !own.includes(key)) {
        scope.error([key], `remove "${key}": a ${type} question uses ${own.map((k) => `"${k}"`).join(' and ')}`);
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

  if (!type) return null;
  const fields = questionType(type).readDeck(scope, raw, prompt);
  return valid && fields ? ({ ...base, type, ...fields } as DeckQuestion) : null;
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
