/**
 * Host events. Creating a room returns a secret host token; every other host
 * command must carry it (the socket id proves nothing), and the engine checks it.
 */
import QRCode from 'qrcode';
import { PRESENCE_NAMES_MAX, type HostState, type PresenceView } from '../../shared/protocol.js';
import { clockView, settingsView } from '../engine/control-views.js';
import { isHost, newRoom } from '../engine/reducer.js';
import { setupGame } from '../engine/setup.js';
import type { RoomState } from '../engine/types.js';
import { clientPhase, podiumView, questionView, revealView } from '../engine/views.js';
import { cryptoRng, randomPin, randomToken } from '../util/random.js';
import { registerControlHandlers } from './control-handlers.js';
import { type ClientEvents, GameError } from './ack.js';
import { hostChannel, roomChannel } from './channels.js';
import type { GameService } from './game-service.js';
import type { GameSocket } from './types.js';

export function joinUrlFor(base: string, pin: string): string {
  return `${base.replace(/\/+$/, '')}/?pin=${pin}`;
}

export const qrSvgOf = (url: string): Promise<string> => QRCode.toString(url, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });

/** Presence snapshot for a host screen that (re)loads. */
async function presenceOf(svc: GameService, room: RoomState, players: number): Promise<PresenceView> {
  const inQuestion = room.phase === 'question' || room.phase === 'closing';
  const [online, answers] = await Promise.all([
    svc.store.onlinePlayers(room.pin),
    inQuestion ? svc.store.getAnswers(room.pin, room.index) : Promise.resolve([]),
  ]);
  const names = players <= PRESENCE_NAMES_MAX;
  return {
    index: room.index,
    names,
    online: names ? online : [],
    offline: [],
    answered: names ? answers.map((a) => a.playerId) : [],
    counts: { players, online: online.length, answered: answers.length },
  };
}

export async function hostState(svc: GameService, room: RoomState, joinUrl: string): Promise<HostState> {
  const [players, qs, qrSvg] = await Promise.all([svc.store.listPlayers(room.pin), svc.questions(room), qrSvgOf(joinUrl)]);
  const active = players.filter((p) => !p.kicked);
  const q = room.index >= 0 ? qs[room.index] : undefined;
  const phase = clientPhase(room);
  const now = svc.now();
  const state: HostState = {
    pin: room.pin,
    joinUrl,
    qrSvg,
    deck: { id: room.deckId, title: room.deckTitle },
    scoring: room.scoring,
    questionCount: room.questionCount,
    phase,
    settings: settingsView(room),
    locked: room.locked,
    clock: clockView(room, q, now),
    presence: await presenceOf(svc, room, active.length),
    // Everyone in a room whose presence lists names; above that the newest PRESENCE_NAMES_MAX, so an
    // acknowledgement never grows with the room (playerCount and presence.counts have the totals).
    players: active.slice(-PRESENCE_NAMES_MAX).map((p) => ({ id: p.id, name: p.name })),
    playerCount: active.length,
  };
  if (q && phase !== 'lobby' && phase !== 'ended') {
    state.question = questionView(room, q, now);
    state.answered = await svc.store.answerCount(room.pin, room.index);
  }
  if (q && (phase === 'reveal' || phase === 'leaderboard')) {
    state.reveal = revealView(room, q);
    state.leaderboard = { index: room.index, total: room.questionCount, top: room.leaderboard ?? [], players: active.length };
  }
  if (phase === 'ended') state.podium = podiumView(room, players);
  return state;
}

export function registerHostHandlers(events: ClientEvents, svc: GameService, publicUrl: (socket: GameSocket) => string): void {

  events.on('decks:list', async () => ({
    decks: [...svc.decks.values()].map((d) => ({
      id: d.id,
      title: d.title,
      description: d.description ?? '',
      questionCount: d.questions.length,
      topics: d.topics.map((t) => ({ ...t, questionCount: d.questions.filter((q) => q.topic === t.id).length })),
    })),
  }));

  events.on('host:create', async (socket, req) => {
    const deck = svc.decks.get(req.deckId);
    if (!deck) throw new GameError('DECK_NOT_FOUND', 'That deck is not available — pick another.');
    const { deckId: _deck, scoring: _scoring, ...setupReq } = req;
    const setup = setupGame(deck, setupReq, cryptoRng);
    if (!setup.ok) throw new GameError('BAD_REQUEST', setup.message);
    const questions = setup.plan;
    const hostToken = randomToken();
    const now = svc.now();
    for (let attempt = 0; attempt < 20; attempt++) {
      const room = newRoom({
        pin: randomPin(),
        hostToken,
        deckId: deck.id,
        deckTitle: deck.title,
        scoring: (req.scoring ?? 'study') as RoomState['scoring'],
        questionCount: questions.ids.length,
        topicTitles: Object.fromEntries(deck.topics.map((t) => [t.id, t.title])),
        settings: setup.settings,
        now,
      });
      if (!(await svc.store.createRoom(room, questions))) continue;
      await socket.join([roomChannel(room.pin), hostChannel(room.pin)]);
      svc.log.info({ pin: room.pin, socketId: socket.id, deckId: deck.id, questions: questions.ids.length }, 'room created');
      return { hostToken, state: await hostState(svc, room, joinUrlFor(publicUrl(socket), room.pin)) };
    }
    throw new GameError('INTERNAL', 'Could not find a free PIN — try again.');
  });

  events.on('host:resume', async (socket, { pin, hostToken }) => {
    const room = await svc.room(pin);
    if (!isHost(room, hostToken)) throw new GameError('NOT_HOST', 'Only the host can do that.');
    await socket.join([roomChannel(pin), hostChannel(pin)]);
    return { state: await hostState(svc, room, joinUrlFor(publicUrl(socket), pin)) };
  });

  events.on('host:start', async (_socket, { pin, hostToken }) => (await svc.apply(pin, { type: 'start', hostToken }), {}));
  events.on('host:next', async (_socket, { pin, hostToken }) => (await svc.apply(pin, { type: 'next', hostToken }), {}));
  events.on('host:skip', async (_socket, { pin, hostToken }) => (await svc.apply(pin, { type: 'skip', hostToken }), {}));
  events.on('host:end', async (_socket, { pin, hostToken }) => (await svc.apply(pin, { type: 'end', hostToken }), {}));
  registerControlHandlers(events, svc, publicUrl);
}
