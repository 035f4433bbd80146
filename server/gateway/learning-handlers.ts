/**
 * After-the-game and solo-practice events (docs/protocol.md): a player's review of a finished game, the
 * practice round (start, resume, answer, reveal, next) and the device's weak spots. Each payload is
 * validated by its schema (shared/learning-schemas.ts) in `on`, like every other event.
 */
import { answerPractice, giveUpPractice, nextPractice } from '../learning/practice.js';
import type { PracticeService } from '../learning/practice-service.js';
import type { LearningService } from '../learning/service.js';
import { type ClientEvents, GameError } from './ack.js';
import type { GameService } from './game-service.js';

export function registerLearningHandlers(events: ClientEvents, game: GameService, learning: LearningService, practice: PracticeService): void {
  events.on('player:review', async (_socket, { pin, token }) => {
    const [room, player] = await Promise.all([game.store.getRoom(pin), game.store.getPlayerByToken(pin, token)]);
    // A game that does not exist (or expired) and a wrong token answer alike, as player:rejoin: no PIN oracle.
    if (!room || !player) throw new GameError('UNKNOWN_PLAYER', 'We could not find you in this game — its review lasts an hour after the end.');
    if (room.phase !== 'ended') throw new GameError('WRONG_PHASE', 'Your review is ready when the game ends.');
    const review = await learning.review(room, player.id);
    if (!review) throw new GameError('REPORT_NOT_FOUND', 'This game’s review is not available any more.');
    return { review };
  });

  events.on('practice:start', async (_socket, req) => practice.start(req));
  events.on('practice:resume', async (_socket, { token }) => ({ state: await practice.resume(token) }));
  events.on('practice:answer', async (_socket, { token, index, answer }) => ({ state: await practice.move(token, (s, now) => answerPractice(s, index, answer, now)) }));
  events.on('practice:reveal', async (_socket, { token, index }) => ({ state: await practice.move(token, (s, now) => giveUpPractice(s, index, now)) }));
  events.on('practice:next', async (_socket, { token }) => ({ state: await practice.move(token, (s, now) => nextPractice(s, now)) }));

  events.on('weak:list', async (_socket, { deviceId, deckId }) => ({ spots: await practice.weakList(deviceId, deckId) }));
  events.on('weak:clear', async (_socket, { deviceId }) => (await practice.store.clearWeakSpots(deviceId), {}));
}
