/**
 * The answer path, the hottest in the game: constant work per answer. The
 * server stamps the receipt time, the engine checks it, the store records it
 * atomically (first answer wins, only while open) and returns the answered and
 * player counts in the same step, the ack goes back, and the
 * room hears only a batched count. The last answer closes the question early.
 */
import { checkAnswer } from '../engine/answer.js';
import { GameError, on } from './ack.js';
import type { GameService } from './game-service.js';
import type { GameSocket } from './types.js';

const PAUSED_MESSAGE = 'The game is paused — your answer was not sent. Answer again when it resumes.';

export function registerAnswerHandler(socket: GameSocket, svc: GameService): void {
  on(socket, 'player:answer', async ({ pin, index, answer }) => {
    const receivedAt = svc.now();
    const playerId = socket.data.playerId;
    if (socket.data.pin !== pin || !playerId) throw new GameError('NOT_JOINED', 'Join the game before answering.');
    const room = await svc.room(pin);
    const qs = await svc.questions(room);
    if (room.pause && room.index === index && room.phase === 'question') throw new GameError('PAUSED', PAUSED_MESSAGE);
    const check = checkAnswer(room, qs[index], { id: playerId, kicked: false }, index, answer, receivedAt);
    if (!check.ok) throw new GameError(check.error.code, check.error.message);
    // Answer time without the pauses: openedAt moves forward by each pause's length (engine/clock.ts).
    const record = { ...check.record, elapsedMs: Math.max(0, receivedAt - room.openedAt) };
    const res = await svc.store.recordAnswer(pin, index, record);
    if (res.status === 'duplicate') throw new GameError('ALREADY_ANSWERED', 'You already answered this question.');
    if (res.status === 'closed') {
      // The host may have paused between our read and the store's atomic check.
      const now = await svc.store.getRoom(pin);
      if (now?.pause && now.index === index && now.phase === 'question') throw new GameError('PAUSED', PAUSED_MESSAGE);
      throw new GameError('QUESTION_CLOSED', 'Time is up for this question.');
    }
    if (res.status === 'no_room') throw new GameError('ROOM_NOT_FOUND', 'Game not found — check the PIN.');
    if (res.status === 'kicked') throw new GameError('KICKED', 'The host removed you from this game.');
    if (res.status === 'no_player') throw new GameError('NOT_JOINED', 'Join the game before answering.');
    svc.batcher.progress(pin, index, res.count, res.players);
    svc.batcher.answered(pin, index, playerId, { players: res.players, online: res.online, answered: res.count });
    // Every connected player may have answered now (a necessary condition first, then the exact check).
    if (res.count >= res.online) {
      // Close early; failures are logged and the deadline timer still closes it.
      svc.checkAllAnswered(pin, index).catch((err) => svc.log.warn({ err, pin }, 'early close failed'));
    }
    return { receivedAt };
  }, svc.log);
}
