/** The facts of one closed question, for the report: pure, built from what close.ts computed. */
import type { CloseOutcome } from '../engine/close.js';
import type { AnswerRecord, PreparedQuestion, RoomState } from '../engine/types.js';
import type { QuestionLog } from './types.js';

/** `room` is the room as it was while closing (its openedAt is this question's). */
export function questionLog(
  room: RoomState,
  q: PreparedQuestion,
  answers: AnswerRecord[],
  outcome: Pick<CloseOutcome, 'results'>,
  skipped: boolean,
  now: number,
): QuestionLog {
  const at = new Map(answers.map((a) => [a.playerId, a.at]));
  const rows = [...outcome.results].map(([playerId, r]) => {
    const received = at.get(playerId);
    return {
      playerId,
      ...(r.answer ? { answer: r.answer } : {}),
      credit: r.credit,
      points: r.points,
      ...(r.answer && received !== undefined ? { elapsedMs: Math.max(0, received - room.openedAt) } : {}),
    };
  });
  return { index: room.index, questionId: q.deckQuestionId, topic: q.topic, type: q.type, skipped, openedAt: room.openedAt, closedAt: now, rows };
}
