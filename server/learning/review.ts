/** One player's review of a finished game: their misses and partial answers with the right answer and the why of each option, and their per-topic result. Pure. */
import type { AnsweredReview, PlayerReview } from '../../shared/learning.js';
import type { AnswerPayload } from '../../shared/protocol.js';
import type { PreparedQuestion } from '../engine/types.js';
import { answerLines, questionReview } from './describe.js';
import { topicResults } from './topics.js';
import type { StoredReport } from './types.js';

export function answeredReview(q: PreparedQuestion, topicTitle: string, number: number, credit: number, answer?: AnswerPayload): AnsweredReview {
  return { ...questionReview(q, topicTitle, answer), number, answered: answer !== undefined, credit, yours: answerLines(q, answer) };
}

/** null when the player is not in this report. */
export function playerReview({ meta, log }: StoredReport, playerId: string): PlayerReview | null {
  const p = meta.players.find((x) => x.id === playerId);
  if (!p) return null;
  const titles = new Map(meta.topics.map((t) => [t.id, t.title]));
  const mine = log.flatMap((l) => {
    const row = l.rows.find((r) => r.playerId === playerId);
    return row && meta.questions[l.index] ? [{ l, row }] : [];
  });
  const items = mine
    .filter(({ l, row }) => !l.skipped && row.credit < 1)
    .map(({ l, row }) => answeredReview(meta.questions[l.index], titles.get(l.topic) ?? l.topic, l.index + 1, row.credit, row.answer));
  return {
    deck: { id: meta.deckId, title: meta.deckTitle },
    rank: p.kicked ? null : p.rank,
    score: p.score,
    correct: p.correct,
    present: mine.length,
    topics: topicResults(meta.topics, mine.filter(({ l }) => !l.skipped).map(({ l, row }) => ({ topic: l.topic, credit: row.credit }))).filter(
      (t) => t.mastery !== null,
    ),
    items,
  };
}
