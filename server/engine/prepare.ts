/**
 * Turns deck questions into the questions of one room: picks which to ask,
 * shuffles options/items/steps once (the same order for every screen in the
 * room) and names them by display position, so ids say nothing about the answer.
 */
import { DEFAULT_QUESTION_SECONDS, type Deck, type DeckQuestion } from '../../shared/deck.js';
import type { CaseView } from '../../shared/protocol.js';
import { questionType } from '../question-types/index.js';
import { derangedOrder, seededRng, shuffle, type Rng } from './random.js';
import type { PreparedQuestion, QuestionPlan } from './types.js';

export { derangedOrder, shuffle, type Rng };

export interface PrepareOptions {
  questionCount?: number;
  /** Seconds per question, overriding the deck. */
  timeLimit?: number;
  /** false: single and multi options in the deck's order (default: shuffled). */
  shuffleOptions?: boolean;
  rng: Rng;
}

/** Case-study questions stay together and in deck order; otherwise questions are asked in a shuffled order. */
export function pickQuestions(deck: Deck, count: number | undefined, rng: Rng): DeckQuestion[] {
  const units: DeckQuestion[][] = [];
  for (const q of deck.questions) {
    const prev = units[units.length - 1];
    if (q.case && prev && prev[0].case === q.case) prev.push(q);
    else units.push([q]);
  }
  const want = Math.min(count ?? deck.questions.length, deck.questions.length);
  const picked: DeckQuestion[] = [];
  for (const unit of shuffle(units, rng)) {
    if (picked.length >= want) break;
    if (picked.length + unit.length > want && picked.length > 0 && unit.length > 1) continue;
    picked.push(...unit);
  }
  return picked;
}

export function prepareQuestion(deck: Deck, q: DeckQuestion, opts: PrepareOptions): PreparedQuestion {
  const caseStudy = q.case ? deck.cases?.find((c) => c.id === q.case) : undefined;
  const caseView: CaseView | undefined = caseStudy && { id: caseStudy.id, title: caseStudy.title, scenario: caseStudy.scenario };
  const seconds = opts.timeLimit ?? q.time ?? DEFAULT_QUESTION_SECONDS;
  const base = {
    deckQuestionId: q.id,
    type: q.type,
    topic: q.topic,
    explanation: q.explanation ?? '',
    durationMs: seconds * 1000,
  };
  const topicTitle = deck.topics.find((t) => t.id === q.topic)?.title ?? q.topic;
  const view = { type: q.type, topic: q.topic, topicTitle, prompt: q.prompt, ...(caseView ? { case: caseView } : {}) };

  const fields = questionType(q.type).prepare(q, opts.rng, { shuffleOptions: opts.shuffleOptions ?? true });
  return { ...base, view: { ...view, ...fields.view }, correct: fields.correct, whys: fields.whys } as PreparedQuestion;
}

export function prepareGame(deck: Deck, opts: PrepareOptions): PreparedQuestion[] {
  return pickQuestions(deck, opts.questionCount, opts.rng).map((q) => prepareQuestion(deck, q, opts));
}

/**
 * What a room keeps of its questions (issue 16: an idle room costs a few KB, not a copy of its deck):
 * which deck questions in what order, and one seed for their shuffles. `plannedQuestion` rebuilds
 * question i from the loaded deck — the same on every process, as often as needed.
 */
export function planGame(deck: Deck, opts: PrepareOptions): QuestionPlan {
  const picked = pickQuestions(deck, opts.questionCount, opts.rng);
  return planOf(deck, picked, picked.map((q) => (opts.timeLimit ?? q.time ?? DEFAULT_QUESTION_SECONDS) * 1000), opts.rng);
}

/** The plan of questions already picked, with their durations; draws the shuffle seed from `rng`. */
export function planOf(deck: Deck, picked: DeckQuestion[], durationsMs: number[], rng: Rng, shuffleOptions = true): QuestionPlan {
  const plan: QuestionPlan = { deckId: deck.id, ids: picked.map((q) => q.id), seed: Math.floor(rng() * 2 ** 32) >>> 0, durationsMs };
  return shuffleOptions ? plan : { ...plan, optionsInDeckOrder: true };
}

const byId = new WeakMap<Deck, Map<string, DeckQuestion>>();

function deckIndex(deck: Deck): Map<string, DeckQuestion> {
  let index = byId.get(deck);
  if (!index) byId.set(deck, (index = new Map(deck.questions.map((q) => [q.id, q]))));
  return index;
}

/**
 * The plan with its ids replaced by the deck's own strings, so a process holding many plans holds one copy
 * of each id: in place (a plan read from JSON is the caller's own), no second array. A frozen plan (the
 * memory store keeps plans made from the loaded deck, frozen) already holds the deck's strings: as it is.
 */
export function internPlan(deck: Deck, plan: QuestionPlan): QuestionPlan {
  if (Object.isFrozen(plan.ids)) return plan;
  const index = deckIndex(deck);
  const ids = plan.ids;
  for (let i = 0; i < ids.length; i++) ids[i] = index.get(ids[i])?.id ?? ids[i];
  return plan;
}

/** Question `i` of a planned room, or undefined past the end; throws if the deck no longer has it. */
export function plannedQuestion(deck: Deck, plan: QuestionPlan, i: number): PreparedQuestion | undefined {
  const id = plan.ids[i];
  if (id === undefined) return undefined;
  const q = deckIndex(deck).get(id);
  if (!q) throw new Error(`deck ${deck.id} no longer has question ${id}`);
  // Each question its own stream, so rebuilding one never depends on having rebuilt the others.
  const rng = seededRng((plan.seed + Math.imul(i + 1, 0x9e3779b9)) >>> 0);
  const prepared = prepareQuestion(deck, q, { rng, shuffleOptions: !plan.optionsInDeckOrder });
  const durationMs = plan.durationsMs[i];
  return durationMs === undefined ? prepared : { ...prepared, durationMs };
}
