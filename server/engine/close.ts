/**
 * Closing a question: from the answers the store holds, compute every
 * player's points, the room's distribution, the standings and the next room
 * state (closing -> reveal). Pure and deterministic, so whichever process
 * runs it gets the same result; the store commits it once (compare-and-set).
 */
import type { PlayerResult } from '../../shared/protocol.js';
import { questionType } from '../question-types/index.js';
import { grade } from './grading.js';
import { rankOfScore, rankPlayers, toEntries } from './ranking.js';
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

  const scored = active.map((p) => {
    const a = byPlayer.get(p.id);
    const credit = a ? grade(q.correct, a.answer) : 0;
    const elapsedMs = a ? Math.max(0, a.at - room.openedAt) : undefined;
    const out = points({ style: room.scoring, credit, elapsedMs, durationMs: q.durationMs, streak: p.streak, questionCount: room.questionCount });
    creditSum += credit;
    const wasRanked = rankBefore !== null && p.last?.index === index - 1;
    return {
      ...p,
      previousRank: wasRanked ? rankBefore(p.score) : undefined,
      score: p.score + out.points,
      streak: out.streak,
      correct: p.correct + (out.correct ? 1 : 0),
      correctTimeMs: p.correctTimeMs + (out.correct && elapsedMs !== undefined ? elapsedMs : 0),
      _points: out.points,
      _credit: credit,
      _answer: a?.answer,
    };
  });

  const ranked = rankPlayers(scored);
  const results = new Map<string, PlayerResult>();
  const updates: PlayerScoreUpdate[] = [];
  for (const { player: p, rank } of ranked) {
    const last: PlayerResult = {
      index,
      answered: p._answer !== undefined,
      ...(p._answer ? { answer: p._answer } : {}),
      credit: p._credit,
      correct: p._credit === 1,
      points: p._points,
      score: p.score,
      streak: p.streak,
      rank,
      ...(p.previousRank !== undefined ? { previousRank: p.previousRank } : {}),
      players: ranked.length,
    };
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
