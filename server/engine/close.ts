/**
 * Closing a question: from the answers the store holds, compute every
 * player's points, the room's distribution, the standings and the next room
 * state (closing -> reveal). Pure and deterministic, so whichever process
 * runs it gets the same result; the store commits it once (compare-and-set).
 */
import type { AnswerPayload, PlayerResult } from '../../shared/protocol.js';
import { questionType } from '../question-types/index.js';
import { grade } from './grading.js';
import { rankOfScore, rankPlayers, toEntries, type Rankable } from './ranking.js';
import { points } from './scoring.js';
import type { AnswerRecord, PlayerRecord, PlayerScoreUpdate, PreparedQuestion, RoomState } from './types.js';

export const LEADERBOARD_SIZE = 10;

/**
 * How the room answered, per id (each type says which: option ids, "true"/"false", match left ids with
 * right pairs, order step ids in the right position). Every key starts at 0, in the order the reveal lists them.
 */
export function distributionOf(q: PreparedQuestion, answers: AnswerRecord[]): Record<string, number> {
  const type = questionType(q.type);
  const d: Record<string, number> = {};
  for (const k of type.distributionKeys(q.view, q.correct)) d[k] = 0;
  for (const { answer: a } of answers) {
    if (a.type !== q.type) continue;
    for (const k of type.distributionHits(q.correct, a)) d[k] = (d[k] ?? 0) + 1;
  }
  return d;
}

export interface CloseOutcome {
  state: RoomState;
  updates: PlayerScoreUpdate[];
  results: Map<string, PlayerResult>;
}

/** One active player after this question's points, with what the result needs (a fixed shape: see below). */
interface Scored extends Rankable {
  points: number;
  credit: number;
  answer: AnswerPayload | undefined;
}

/**
 * Every object built per player here has one fixed shape, with its properties added in one order and no
 * object spread: spreading 2,000 player records (each with its own optional fields) went through V8's
 * slow generic copy, ~15–30 ms of a 2,000-player close. The results carry the same keys in the same
 * order as before (the wire snapshot in tests/engine/wire.test.ts pins the bytes).
 */
export function scoreQuestion(
  room: RoomState,
  q: PreparedQuestion,
  players: PlayerRecord[],
  answers: AnswerRecord[],
  now: number,
): CloseOutcome {
  const index = room.index;
  const active = players.filter((p) => !p.kicked);
  const activeIds = new Set(active.map((p) => p.id));
  answers = answers.filter((a) => activeIds.has(a.playerId));
  const byPlayer = new Map(answers.map((a) => [a.playerId, a]));
  let creditSum = 0;
  // Ranks before this question's points, for rank changes ("▲ 3 places") and overtakes: the same players'
  // scores as they were, ranked by one numeric sort. Only players scored at the question before get one.
  const rankBefore = index > 0 ? rankOfScore(active.map((p) => p.score)) : null;

  const scored: Scored[] = [];
  for (const p of active) {
    const a = byPlayer.get(p.id);
    const credit = a ? grade(q.correct, a.answer) : 0;
    const elapsedMs = a ? Math.max(0, a.at - room.openedAt) : undefined;
    const out = points({ style: room.scoring, credit, elapsedMs, durationMs: q.durationMs, streak: p.streak, questionCount: room.questionCount });
    creditSum += credit;
    const wasRanked = rankBefore !== null && p.last?.index === index - 1;
    scored.push({
      id: p.id,
      name: p.name,
      score: p.score + out.points,
      streak: out.streak,
      correct: p.correct + (out.correct ? 1 : 0),
      correctTimeMs: p.correctTimeMs + (out.correct && elapsedMs !== undefined ? elapsedMs : 0),
      joinedAt: p.joinedAt,
      kicked: false,
      previousRank: wasRanked ? rankBefore(p.score) : undefined,
      points: out.points,
      credit,
      answer: a?.answer,
    });
  }

  const ranked = rankPlayers(scored);
  const results = new Map<string, PlayerResult>();
  const updates: PlayerScoreUpdate[] = [];
  for (const { player: p, rank } of ranked) {
    // Keys in this order, `answer` and `previousRank` only when there is one (as the protocol says).
    const last = { index, answered: p.answer !== undefined } as PlayerResult;
    if (p.answer) last.answer = p.answer;
    last.credit = p.credit;
    last.correct = p.credit === 1;
    last.points = p.points;
    last.score = p.score;
    last.streak = p.streak;
    last.rank = rank;
    if (p.previousRank !== undefined) last.previousRank = p.previousRank;
    last.players = ranked.length;
    results.set(p.id, last);
    updates.push({ id: p.id, score: p.score, streak: p.streak, correct: p.correct, correctTimeMs: p.correctTimeMs, last });
  }

  const stat = room.topicStats[q.topic] ?? { asked: 0, credit: 0 };
  const state: RoomState = {
    ...room,
    phase: 'reveal',
    version: room.version + 1,
    updatedAt: now,
    reveal: { index, distribution: distributionOf(q, answers), answered: answers.length, players: active.length },
    leaderboard: toEntries(ranked, LEADERBOARD_SIZE),
    topicStats: {
      ...room.topicStats,
      [q.topic]: { asked: stat.asked + 1, credit: stat.credit + (active.length ? creditSum / active.length : 0) },
    },
  };
  return { state, updates, results };
}
