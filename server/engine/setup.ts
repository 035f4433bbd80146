/**
 * The host's setup, turned into a room's questions and settings: topic filter, question count,
 * time per question ("fit to reading" by default, see reading-time.ts), "more time" factor,
 * the get-ready beat before each question, late joining, shuffled or deck-order options, and auto-advance.
 * Validated here against the deck (schemas check the shapes).
 */
import type { Deck } from '../../shared/deck.js';
import { INTRO_SECONDS } from '../../shared/control-schemas.js';
import type { CreateRoomRequest } from '../../shared/protocol.js';
import { pickQuestions, planOf, plannedQuestion, type Rng } from './prepare.js';
import { questionSeconds } from './reading-time.js';
import type { PreparedQuestion, QuestionPlan, RoomSettings } from './types.js';

export type SetupRequest = Omit<CreateRoomRequest, 'deckId' | 'scoring'>;

export type SetupResult =
  /** `plan` is what the store keeps; `questions` are the plan's questions, rebuilt from the deck. */
  | { ok: true; questions: PreparedQuestion[]; plan: QuestionPlan; settings: RoomSettings }
  | { ok: false; message: string };

export function expectedLengthMs(questions: readonly PreparedQuestion[], auto: RoomSettings['autoAdvance'], introMs = 0): number {
  const answering = questions.reduce((ms, q) => ms + introMs + q.durationMs, 0);
  return answering + (auto ? questions.length * (auto.revealMs + auto.leaderboardMs) : 0);
}

export function setupGame(deck: Deck, req: SetupRequest, rng: Rng): SetupResult {
  const known = new Set(deck.topics.map((t) => t.id));
  const topics = [...new Set(req.topics ?? [])];
  const unknown = topics.filter((t) => !known.has(t));
  if (unknown.length) return { ok: false, message: `Unknown topic: ${unknown.join(', ')} — pick topics from this deck.` };
  const pool = topics.length ? deck.questions.filter((q) => topics.includes(q.topic)) : deck.questions;
  if (pool.length === 0) return { ok: false, message: 'Those topics have no questions — pick others.' };

  const timing = req.timeLimit ? 'fixed' : 'fit';
  const timeFactor = req.timeFactor ?? 1;
  const picked = pickQuestions({ ...deck, questions: pool }, req.questionCount, rng);
  const scenarios = new Map((deck.cases ?? []).map((c) => [c.id, c.scenario]));
  const seconds = questionSeconds(picked, (id) => scenarios.get(id), { timing, timeLimit: req.timeLimit, timeFactor });
  const shuffleOptions = req.shuffleOptions ?? true;
  const plan = planOf(deck, picked, seconds.map((s) => s * 1000), rng, shuffleOptions);
  const questions = plan.ids.map((_, i) => plannedQuestion(deck, plan, i)!);
  const autoAdvance = req.autoAdvance
    ? { revealMs: req.autoAdvance.revealSeconds * 1000, leaderboardMs: req.autoAdvance.leaderboardSeconds * 1000 }
    : null;
  const introMs = (req.introSeconds ?? INTRO_SECONDS.default) * 1000;
  const settings: RoomSettings = {
    timing,
    ...(req.timeLimit ? { timeLimit: req.timeLimit } : {}),
    timeFactor,
    introMs,
    topics,
    ...(req.questionCount ? { requestedCount: req.questionCount } : {}),
    lateJoin: req.lateJoin ?? true,
    ...(shuffleOptions ? {} : { shuffleOptions: false }),
    autoAdvance,
    expectedMs: expectedLengthMs(questions, autoAdvance, introMs),
  };
  return { ok: true, questions, plan, settings };
}

/** The same setup again, for "new game with the same players". */
export function requestOf(settings: RoomSettings): SetupRequest {
  return {
    ...(settings.timing === 'fixed' && settings.timeLimit ? { timeLimit: settings.timeLimit } : {}),
    timeFactor: settings.timeFactor,
    introSeconds: (settings.introMs ?? 0) / 1000,
    ...(settings.topics.length ? { topics: settings.topics } : {}),
    ...(settings.requestedCount ? { questionCount: settings.requestedCount } : {}),
    lateJoin: settings.lateJoin,
    ...(settings.shuffleOptions === false ? { shuffleOptions: false } : {}),
    ...(settings.autoAdvance
      ? { autoAdvance: { revealSeconds: settings.autoAdvance.revealMs / 1000, leaderboardSeconds: settings.autoAdvance.leaderboardMs / 1000 } }
      : {}),
  };
}
