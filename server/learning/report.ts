/**
 * The host's report, computed from the stored facts (types.ts): per question (hardest first), per topic
 * (weakest first, "not asked" never 0%), per player (standing, per topic, suspiciously fast answers).
 * Pure; docs/reports.md defines every figure.
 */
import type { FastAnswer, GameReport, ReportAnswerRow, ReportPlayer, ReportQuestion } from '../../shared/learning.js';
import { distributionOf } from '../engine/close.js';
import type { PreparedQuestion } from '../engine/types.js';
import { answerLines, questionReview, reviewOptions, wordCount } from './describe.js';
import { byWeakness, topicResults, type Credited } from './topics.js';
import type { QuestionLog, StoredReport } from './types.js';

/** A fast reader: 750 words a minute, about three times a usual reading speed. */
export const FAST_READER_WPM = 750;

/** The least time anyone could take to read the question and its options, ms. */
export function minReadMs(q: PreparedQuestion): number {
  return Math.round((wordCount(q) * 60_000) / FAST_READER_WPM);
}

/** The wrong choice picked most (ties: first in display order); null for a type without choices, or when no wrong choice was picked. */
function mostPickedWrong(q: PreparedQuestion, log: QuestionLog): ReportQuestion['mostPickedWrong'] {
  const answers = log.rows.flatMap((r) => (r.answer ? [{ playerId: r.playerId, answer: r.answer, at: 0 }] : []));
  const dist = distributionOf(q, answers);
  let best: ReportQuestion['mostPickedWrong'] = null;
  for (const c of reviewOptions(q)) {
    const count = dist[c.id] ?? 0;
    if (!c.correct && count > 0 && (!best || count > best.count)) best = { id: c.id, text: c.text, count };
  }
  return best;
}

function reportQuestion(q: PreparedQuestion, log: QuestionLog, topicTitle: string): ReportQuestion {
  const players = log.rows.length;
  const answered = log.rows.filter((r) => r.answer !== undefined);
  const correct = log.rows.filter((r) => r.credit === 1).length;
  const times = answered.flatMap((r) => (r.elapsedMs === undefined ? [] : [r.elapsedMs]));
  return {
    ...questionReview(q, topicTitle),
    number: log.index + 1,
    skipped: log.skipped,
    players,
    answered: answered.length,
    correct,
    correctShare: players ? correct / players : 0,
    meanCredit: players ? log.rows.reduce((s, r) => s + r.credit, 0) / players : 0,
    avgAnswerMs: times.length ? Math.round(times.reduce((s, t) => s + t, 0) / times.length) : null,
    mostPickedWrong: mostPickedWrong(q, log),
  };
}

function hardestFirst(a: ReportQuestion, b: ReportQuestion): number {
  if (a.skipped !== b.skipped) return a.skipped ? 1 : -1;
  return a.correctShare - b.correctShare || a.meanCredit - b.meanCredit || a.number - b.number;
}

export function computeReport({ meta, log }: StoredReport): GameReport {
  const titles = new Map(meta.topics.map((t) => [t.id, t.title]));
  const asked = log.filter((l) => meta.questions[l.index]);
  const questions = asked.map((l) => reportQuestion(meta.questions[l.index], l, titles.get(l.topic) ?? l.topic)).sort(hardestFirst);
  const counted = asked.filter((l) => !l.skipped);
  const allRows: Credited[] = counted.flatMap((l) => l.rows.map((r) => ({ topic: l.topic, credit: r.credit })));

  const players: ReportPlayer[] = meta.players.map((p) => {
    const mine = asked.flatMap((l) => {
      const row = l.rows.find((r) => r.playerId === p.id);
      return row ? [{ l, row }] : [];
    });
    const fast: FastAnswer[] = [];
    for (const { l, row } of mine) {
      if (row.elapsedMs === undefined) continue;
      const readMs = minReadMs(meta.questions[l.index]);
      if (row.elapsedMs < readMs) fast.push({ number: l.index + 1, questionId: l.questionId, answerMs: row.elapsedMs, readMs });
    }
    return {
      id: p.id,
      name: p.name,
      rank: p.kicked ? null : p.rank,
      score: p.score,
      correct: p.correct,
      answered: mine.filter(({ row }) => row.answer !== undefined).length,
      present: mine.length,
      kicked: p.kicked,
      topics: topicResults(meta.topics, mine.filter(({ l }) => !l.skipped).map(({ l, row }) => ({ topic: l.topic, credit: row.credit }))),
      fast,
    };
  });
  players.sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || b.score - a.score || a.name.localeCompare(b.name));

  const answers: ReportAnswerRow[] = players.flatMap((p) =>
    asked.flatMap((l) => {
      const row = l.rows.find((r) => r.playerId === p.id);
      if (!row) return [];
      return [{
        player: p.name,
        playerId: p.id,
        number: l.index + 1,
        questionId: l.questionId,
        topic: l.topic,
        type: l.type,
        skipped: l.skipped,
        answer: answerLines(meta.questions[l.index], row.answer),
        credit: row.credit,
        points: row.points,
        answerMs: row.elapsedMs ?? null,
      }];
    }),
  );

  return {
    reportId: meta.reportId,
    deck: { id: meta.deckId, title: meta.deckTitle },
    scoring: meta.scoring,
    startedAt: asked[0]?.openedAt ?? meta.createdAt,
    endedAt: meta.endedAt,
    asked: asked.length,
    planned: meta.planned,
    questions,
    topics: topicResults(meta.topics, allRows).sort(byWeakness),
    players,
    answers,
  };
}
