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

export function registerAnswerHandler(socket: GameSocket, svc: GameService): void {
  on(socket, 'player:answer', async ({ pin, index, answer }) => {
    const receivedAt = svc.now();
    const playerId = socket.data.playerId;
    if (socket.data.pin !== pin || !playerId) throw new GameError('NOT_JOINED', 'Join the game before answering.');
    const room = await svc.room(pin);
    const qs = await svc.questions(room);
    const check = checkAnswer(room, qs[index], { id: playerId, kicked: false }, index, answer, receivedAt);
    if (!check.ok) throw new GameError(check.error.code, check.error.message);
    const res = await svc.store.recordAnswer(pin, index, check.record);
    if (res.status === 'duplicate') throw new GameError('ALREADY_ANSWERED', 'You already answered this question.');
    if (res.status === 'closed') throw new GameError('QUESTION_CLOSED', 'Time is up for this question.');
    if (res.status === 'no_room') throw new GameError('ROOM_NOT_FOUND', 'Game not found — check the PIN.');
    if (res.status === 'kicked') throw new GameError('KICKED', 'The host removed you from this game.');
    if (res.status === 'no_player') throw new GameError('NOT_JOINED', 'Join the game before answering.');
    svc.batcher.progress(pin, index, res.count, res.players);
    if (res.count >= res.players) {
      // Close early; failures are logged and the deadline timer still closes it.
      svc.apply(pin, { type: 'allAnswered', index }).catch((err) => svc.log.warn({ err, pin }, 'early close failed'));
    }
    return { receivedAt };
  }, svc.log);
}
