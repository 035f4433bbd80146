/**
 * Whether an answer may be recorded: pure checks on the room, the player and
 * the answer's shape, using the server's receipt time. The store then makes
 * "first answer wins, only while open" atomic (RoomStore.recordAnswer).
 */
import type { AnswerPayload, ProtocolError } from '../../shared/protocol.js';
import { checkShape } from './grading.js';
import type { AnswerRecord, PlayerRecord, PreparedQuestion, RoomState } from './types.js';

export type AnswerCheck = { ok: true; record: AnswerRecord } | { ok: false; error: ProtocolError };

const fail = (code: ProtocolError['code'], message: string): AnswerCheck => ({ ok: false, error: { code, message } });

export function checkAnswer(
  room: RoomState,
  question: PreparedQuestion | undefined,
  player: Pick<PlayerRecord, 'id' | 'kicked'> | null,
  index: number,
  answer: AnswerPayload,
  now: number,
): AnswerCheck {
  if (!player) return fail('NOT_JOINED', 'Join the game before answering.');
  if (player.kicked) return fail('KICKED', 'The host removed you from this game.');
  if (room.phase === 'lobby') return fail('WRONG_PHASE', 'The game has not started yet.');
  if (room.phase === 'ended') return fail('WRONG_PHASE', 'The game has ended.');
  if (index !== room.index) return fail('WRONG_QUESTION', 'That question is no longer open.');
  if (room.phase !== 'question' || now > room.deadline || !question) return fail('QUESTION_CLOSED', 'Time is up for this question.');
  // The get-ready beat: the question is on screen, answers open at openedAt.
  if (now < room.openedAt) return fail('QUESTION_NOT_OPEN', 'Get ready — answers open in a moment. Answer again when the timer starts.');
  const shape = checkShape(question, answer);
  if (!shape.ok) return fail('INVALID_ANSWER', shape.message);
  return { ok: true, record: { playerId: player.id, answer, at: now } };
}
