/**
 * Closing a question: from the answers the store holds, compute every
 * player's points, the room's distribution, the standings and the next room
 * state (closing -> reveal). Pure and deterministic, so whichever process
 * runs it gets the same result; the store commits it once (compare-and-set).
 */
import type { PlayerResult } from '../../shared/protocol.js';
import type { PlayerScoreUpdate } from '../store/types.js';
import { grade } from './grading.js';
import { rankPlayers, toEntries } from './ranking.js';
import { points } from './scoring.js';
import type { AnswerRecord, PlayerRecord, PreparedQuestion, RoomState } from './types.js';

export const LEADERBOARD_SIZE = 10;

/** Distribution keys: single/multi option ids, "true"/"false", match left ids (right pairs), order step ids (right position). */
export function distributionOf(q: PreparedQuestion, answers: AnswerRecord[]): Record<string, number> {
  const d: Record<string, number> = {};
  const add = (k: string) => (d[k] = (d[k] ?? 0) + 1);
  const c = q.correct;
  if (c.type === 'single' || c.type === 'multi') for (const o of q.view.options ?? []) d[o.id] = 0;
  if (c.type === 'truefalse') Object.assign(d, { true: 0, false: 0 });
  if (c.type === 'match') for (const p of c.pairs) d[p.left] = 0;
  if (c.type === 'order') for (const s of c.order) d[s] = 0;
  for (const { answer: a } of answers) {
    if (a.type === 'single') add(a.option);
    else if (a.type === 'multi') a.options.forEach(add);
    else if (a.type === 'truefalse') add(String(a.value));
    else if (a.type === 'match' && c.type === 'match') {
      for (const p of a.pairs) if (c.pairs.some((w) => w.left === p.left && w.right === p.right)) add(p.left);
    } else if (a.type === 'order' && c.type === 'order') {
      c.order.forEach((s, i) => a.order[i] === s && add(s));
    }
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

  const scored = active.map((p) => {
    const a = byPlayer.get(p.id);
    const credit = a ? grade(q.correct, a.answer) : 0;
    const elapsedMs = a ? Math.max(0, a.at - room.openedAt) : undefined;
    const out = points({ style: room.scoring, credit, elapsedMs, durationMs: q.durationMs, streak: p.streak, questionCount: room.questionCount });
    creditSum += credit;
    return {
      ...p,
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
