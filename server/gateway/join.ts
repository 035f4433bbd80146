/**
 * The join flow: a new player (player:join), a returning one (player:rejoin,
 * with the secret reconnect token kept in the phone's localStorage), and the
 * PIN check before a nickname is asked. Each costs the server constant work;
 * the host hears of joins in batches.
 */
import { checkNickname } from '../../shared/nickname.js';
import type { PlayerRecord, RoomState } from '../engine/types.js';
import { clockView } from '../engine/control-views.js';
import { playerState } from '../engine/views.js';
import { randomId, randomToken } from '../util/random.js';
import { type ClientEvents, GameError, roomNotFound } from './ack.js';
import { playerChannel, roomChannel } from './channels.js';
import type { GameService } from './game-service.js';
import { lobbyDrops } from './lobby-drop.js';
import type { GameSocket } from './types.js';
import type { JoinRoomResult } from '../store/types.js';

/**
 * Presence: a player is offline once none of their sockets (on any process) is left in their channel
 * `graceMs` after the last one went away, so a reload or a network blip does not count as leaving
 * (and does not close a question early).
 */
function leftSocket(svc: GameService, pin: string, playerId: string, graceMs: number): void {
  const check = async () => {
    const rest = await svc.io.in(playerChannel(pin, playerId)).fetchSockets();
    if (rest.length === 0) await svc.presence(pin, playerId, false);
  };
  const run = () => void check().catch((err) => svc.log.warn({ err, pin }, 'presence update failed'));
  if (graceMs <= 0) return run();
  setTimeout(run, graceMs).unref();
}

/**
 * Puts the socket in the player's channels. `online`: presence is already set (the join marked the
 * player connected in its own atomic step); else it is set here (rejoin). A socket that held no seat
 * before (every new phone's first join) is bound at once, with no promise unless the adapter's join or
 * the presence update returns one.
 */
function bind(svc: GameService, socket: GameSocket, pin: string, playerId: string, graceMs: number, online = false): Promise<void> | void {
  if (socket.data.pin && socket.data.playerId) return rebind(svc, socket, pin, playerId, graceMs, online);
  socket.data.pin = pin;
  socket.data.playerId = playerId;
  if (socket.disconnected) return seatLeftBehind(svc, socket, pin, playerId, graceMs);
  const joined = socket.join([roomChannel(pin), playerChannel(pin, playerId)]);
  if (online) return joined;
  return joined ? joined.then(() => svc.presence(pin, playerId, true)) : svc.presence(pin, playerId, true);
}

/**
 * The phone went away while it was joining: its disconnect found no player to let go of, so the seat goes
 * the way of any dropped phone's (presence off after the grace, then the lobby drop).
 */
function seatLeftBehind(svc: GameService, socket: GameSocket, pin: string, playerId: string, graceMs: number): void {
  leftSocket(svc, pin, playerId, graceMs);
  lobbyDrops.get(socket.nsp.server)?.schedule(pin, playerId);
}

/** bind for a socket that held a seat already (a second join or a rejoin on the same socket): it leaves that seat first. */
async function rebind(svc: GameService, socket: GameSocket, pin: string, playerId: string, graceMs: number, online: boolean): Promise<void> {
  const prev = { pin: socket.data.pin!, playerId: socket.data.playerId! };
  await socket.leave(roomChannel(prev.pin));
  await socket.leave(playerChannel(prev.pin, prev.playerId));
  // The seat this socket held is left behind: it drops out of its lobby unless its phone comes back.
  if (prev.playerId !== playerId) lobbyDrops.get(socket.nsp.server)?.schedule(prev.pin, prev.playerId);
  socket.data.pin = pin;
  socket.data.playerId = playerId;
  if (prev.pin !== pin || prev.playerId !== playerId) leftSocket(svc, prev.pin, prev.playerId, graceMs);
  if (socket.disconnected) return seatLeftBehind(svc, socket, pin, playerId, graceMs);
  await socket.join([roomChannel(pin), playerChannel(pin, playerId)]);
  if (!online) await svc.presence(pin, playerId, true);
}

/**
 * A join or rejoin racing a question's close: the close may have read the players before this one (so it
 * has no result for them) and committed before this socket was in the room's channels (so its delivery
 * missed it). Once the socket is in, read the room (and the player) again: either the close has committed
 * and the state carries the reveal (and the result), or its delivery, still to come, finds this socket.
 * Only while a question is open or closing (`racesClose`); a lobby join costs nothing more.
 */
async function afterBind(svc: GameService, room: RoomState, player: PlayerRecord): Promise<{ room: RoomState; player: PlayerRecord }> {
  const fresh = await svc.store.getRoom(room.pin);
  if (!fresh || fresh.createdAt !== room.createdAt || fresh.version === room.version) return { room, player };
  const scored = fresh.phase === 'reveal' || fresh.phase === 'leaderboard' ? await svc.store.getPlayer(room.pin, player.id) : null;
  return { room: fresh, player: scored ?? player };
}

const racesClose = (room: RoomState) => room.phase === 'question' || room.phase === 'closing';

/** player:join's refusals, in the order the join checks them. */
const JOIN_REFUSED = {
  no_room: roomNotFound,
  ended: () => new GameError('WRONG_PHASE', 'This game has ended — ask the host for a new PIN.'),
  locked: () => new GameError('ROOM_LOCKED', 'This game is locked — ask the host to let you in.'),
  name_taken: () => new GameError('NAME_TAKEN', 'That nickname is taken — try another.'),
  room_full: () => new GameError('ROOM_FULL', 'This game is full.'),
};

/**
 * The store's answer to a join: a refusal, or the player seated. Then the socket goes into the seat's
 * channels and the host hears of the join; a lobby join (no question yet, no close to race) is answered
 * at once, with no promise, a running game's after its questions and a second read (`answerRunning`).
 */
function seated(svc: GameService, socket: GameSocket, pin: string, player: PlayerRecord, res: JoinRoomResult, graceMs: number): object | Promise<object> {
  if (res.status !== 'ok') throw JOIN_REFUSED[res.status]();
  const bound = bind(svc, socket, pin, player.id, graceMs, true);
  if (bound) return bound.then(() => announced(svc, pin, player, res));
  return announced(svc, pin, player, res);
}

function announced(svc: GameService, pin: string, player: PlayerRecord, res: JoinRoomResult & { status: 'ok' }): object | Promise<object> {
  const { room, players: count } = res;
  // The counts as the join made them (joins after it reach the host through the batcher in turn).
  svc.batcher.joined(pin, { id: player.id, name: player.name }, count);
  svc.batcher.presence(pin, player.id, true, count, res.online);
  if (room.index >= 0 || racesClose(room)) return answerRunning(svc, room, player, count);
  const built = svc.now();
  // The clock goes last into the state built for this ack (no copy of it).
  const state = playerState(room, undefined, player, null, count, built);
  state.clock = clockView(room, undefined, built);
  return { token: player.token, state };
}

/** The ack of a join into a running game: its questions, and a second read if it may race a question's close. */
async function answerRunning(svc: GameService, room: RoomState, player: PlayerRecord, count: number): Promise<object> {
  const qs = room.index >= 0 ? await svc.questions(room) : undefined;
  const seen = racesClose(room) ? await afterBind(svc, room, player) : undefined;
  const at = seen?.room ?? room;
  const built = svc.now();
  const q = qs?.[at.index];
  const state = playerState(at, q, seen?.player ?? player, null, count, built);
  state.clock = clockView(at, q, built);
  return { token: player.token, state };
}

/**
 * `limits.maxPlayers`: players per room (MAX_PLAYERS); `limits.presenceGraceMs`: how long a dropped
 * player still counts as connected (PRESENCE_GRACE_MS); both in server/config.ts.
 */
export function registerJoinHandlers(events: ClientEvents, svc: GameService, limits: { maxPlayers: number; presenceGraceMs: number }): void {
  events.onSocket('disconnect', function () {
    const { pin, playerId } = this.data;
    if (pin && playerId) leftSocket(svc, pin, playerId, limits.presenceGraceMs);
  });

  events.on('room:check', async (_socket, { pin }) => {
    const room = await svc.room(pin);
    return { deckTitle: room.deckTitle, phase: room.phase === 'closing' ? 'question' : room.phase };
  });

  /**
   * A new player's seat, their nickname checked: one atomic store step, then the seat's channels and the
   * ack. The wait for the store is one reaction holding the socket, the PIN and the player (in a burst of
   * 5,000 Redis joins each waits about a turn for its call's reply, and what it holds is promoted).
   */
  const join = (socket: GameSocket, pin: string, nick: { name: string; key: string }, deviceId: string | undefined): Promise<object> => {
    const player: PlayerRecord = {
      id: randomId(),
      name: nick.name,
      key: nick.key,
      token: randomToken(),
      joinedAt: svc.now(),
      score: 0,
      streak: 0,
      correct: 0,
      correctTimeMs: 0,
      kicked: false,
    };
    if (deviceId) player.deviceId = deviceId;
    // One atomic step reads and checks the room, adds the player and marks them connected.
    return svc.store.joinRoom(pin, player, limits.maxPlayers).then((res) => seated(svc, socket, pin, player, res, limits.presenceGraceMs));
  };

  events.on('player:join', (socket, { pin, nickname, deviceId }) => {
    try {
      const nick = checkNickname(nickname);
      if (!nick.ok) throw new GameError('NAME_INVALID', nick.message);
      // Kicks stick: a socket whose player was kicked from this room cannot come back under a new name.
      if (socket.data.pin === pin && socket.data.playerId) {
        return svc.store.getPlayer(pin, socket.data.playerId).then((was) => {
          if (was?.kicked) throw new GameError('KICKED', 'The host removed you from this game.');
          return join(socket, pin, nick, deviceId);
        });
      }
      return join(socket, pin, nick, deviceId);
    } catch (err) {
      return Promise.reject(err as Error);
    }
  });

  events.on('player:rejoin', async (socket, { pin, token }) => {
    // "No such game" and "not in this game" get the same answer, so a rejoin tells a PIN guesser
    // nothing (docs/security.md): phones holding yesterday's seat then spend no failed-look-up budget.
    const found = await svc.store.getRoom(pin);
    const player = found ? await svc.store.getPlayerByToken(pin, token) : null;
    if (!found || !player) throw new GameError('UNKNOWN_PLAYER', 'We could not find you in this game — it may have ended. Join with the PIN on the big screen.');
    const room = found;
    if (player.kicked) throw new GameError('KICKED', 'The host removed you from this game.');
    await bind(svc, socket, pin, player.id, limits.presenceGraceMs);
    const [qs, count, answer, seen] = await Promise.all([
      svc.questions(room),
      svc.store.playerCount(pin),
      room.index >= 0 ? svc.store.getAnswer(pin, room.index, player.id) : Promise.resolve(null),
      racesClose(room) ? afterBind(svc, room, player) : { room, player },
    ]);
    const now = svc.now();
    const at = seen.room;
    const yours = at.index === room.index ? answer : null;
    const state = playerState(at, qs[at.index], seen.player, yours, count, now);
    state.clock = clockView(at, qs[at.index], now);
    return { state };
  });
}
