/**
 * The answer path, the hottest in the game: constant work per answer and, on the fast lane, one store
 * call. The server stamps the receipt time; the answer's shape is checked against the room's question
 * from this process's cache (no room read); the store records it atomically — first answer wins, only
 * while the question is open (from openedAt, after its get-ready beat, to the deadline), only in the game the cached question belongs to, only from a player of
 * the room who is not kicked — stamps its pause-free answer time (`elapsedMs`, against the room's
 * `openedAt` of that moment) and returns the answered, player and online counts in the same step (with
 * Redis: one Lua script, one round trip). The ack goes back and the room hears only a batched count.
 * The last answer closes the question early.
 *
 * The slow lane — no cached question, a shape the cached question refuses, or a store refusal of an
 * open question ('closed') — reads the room and names the exact reason as the engine always did
 * (PAUSED, WRONG_PHASE, WRONG_QUESTION, QUESTION_NOT_OPEN, QUESTION_CLOSED, INVALID_ANSWER…); if the room holds a newer
 * game than the cache (a restart on another process), the answer is checked against it and recorded.
 */
import type { AnswerPayload } from '../../shared/protocol.js';
import { checkAnswer } from '../engine/answer.js';
import { checkShape } from '../engine/grading.js';
import type { PreparedQuestion } from '../engine/types.js';
import type { RecordAnswerResult } from '../store/types.js';
import { type ClientEvents, GameError, roomNotFound } from './ack.js';
import type { GameService } from './game-service.js';
import type { LazyQuestions } from './lazy-questions.js';

const PAUSED_MESSAGE = 'The game is paused — your answer was not sent. Answer again when it resumes.';
const closed = () => new GameError('QUESTION_CLOSED', 'Time is up for this question.');

/** The cached question when the answer fits its shape (the fast lane may go ahead), else undefined. */
function fastQuestion(qs: LazyQuestions, index: number, answer: AnswerPayload): PreparedQuestion | undefined {
  try {
    const q = qs.at(index);
    return q && checkShape(q, answer).ok ? q : undefined;
  } catch {
    return undefined; // the deck lost the question: the slow lane names it (DECK_NOT_FOUND)
  }
}

export function registerAnswerHandler(events: ClientEvents, svc: GameService): void {
  events.on('player:answer', async (socket, { pin, index, answer }) => {
    const receivedAt = svc.now();
    const playerId = socket.data.playerId;
    if (socket.data.pin !== pin || !playerId) throw new GameError('NOT_JOINED', 'Join the game before answering.');
    const record = { playerId, answer, at: receivedAt };
    const cached = svc.cachedQuestions(pin);
    let res: RecordAnswerResult | undefined;
    if (cached !== undefined && fastQuestion(cached, index, answer) !== undefined) res = await svc.store.recordAnswer(pin, index, record, cached.createdAt);
    if (!res || res.status === 'closed') {
      // The slow lane: the room names the refusal exactly.
      const room = await svc.room(pin);
      const qs = await svc.questions(room);
      if (room.pause && room.index === index && room.phase === 'question') throw new GameError('PAUSED', PAUSED_MESSAGE);
      const check = checkAnswer(room, qs[index], { id: playerId, kicked: false }, index, answer, receivedAt);
      if (!check.ok) throw new GameError(check.error.code, check.error.message);
      // The store refused this very game's question: it was not open when the answer got there.
      if (res && cached?.createdAt === room.createdAt) throw closed();
      res = await svc.store.recordAnswer(pin, index, record, room.createdAt);
      if (res.status === 'closed') {
        // The host may have paused between our read and the store's atomic check.
        const now = await svc.store.getRoom(pin);
        if (now?.pause && now.index === index && now.phase === 'question') throw new GameError('PAUSED', PAUSED_MESSAGE);
        throw closed();
      }
    }
    if (res.status === 'duplicate') throw new GameError('ALREADY_ANSWERED', 'You already answered this question.');
    if (res.status === 'no_room') throw roomNotFound();
    if (res.status === 'kicked') throw new GameError('KICKED', 'The host removed you from this game.');
    if (res.status === 'no_player') throw new GameError('NOT_JOINED', 'Join the game before answering.');
    if (res.status !== 'ok') throw closed();
    svc.batcher.progress(pin, index, res.count, res.players);
    svc.batcher.answered(pin, index, playerId, res.players, res.online, res.count);
    // Every connected player may have answered now (a necessary condition first, then the exact check).
    if (res.count >= res.online) {
      // Close early; failures are logged and the deadline timer still closes it.
      svc.checkAllAnswered(pin, index).catch((err) => svc.log.warn({ err, pin }, 'early close failed'));
    }
    return { receivedAt };
  });
}
