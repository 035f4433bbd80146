/**
 * A player whose phone has gone for longer than a grace period drops out of the lobby: name, seat and
 * token are freed (RoomStore.removeFromLobby), and the host hears of it like of any leave. So a join
 * flood that connects, joins and leaves does not keep the room full, and a phone that dozed off for a
 * minute before the start is just asked to join again. A running game keeps every player (they may
 * come back with their token). One timer per gone player; a socket that comes back in time (any
 * process: the check asks the adapter) keeps its seat.
 */
import { playerChannel } from './channels.js';
import type { GameService } from './game-service.js';
import type { ClientEvents } from './ack.js';
import type { IO } from './types.js';

export class LobbyDrops {
  private timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private svc: GameService,
    private graceMs: number,
  ) {}

  /** Drops each socket's player when it disconnects and does not come back in time (one listener for all sockets). */
  watch(events: ClientEvents): void {
    const schedule = (pin: string, playerId: string) => this.schedule(pin, playerId);
    events.onSocket('disconnect', function () {
      const { pin, playerId } = this.data;
      if (pin && playerId) schedule(pin, playerId);
    });
  }

  schedule(pin: string, playerId: string): void {
    const key = `${pin}|${playerId}`;
    clearTimeout(this.timers.get(key));
    const t = setTimeout(() => {
      this.timers.delete(key);
      this.check(pin, playerId).catch((err: unknown) => this.svc.log.warn({ err, pin }, 'lobby drop check failed'));
    }, this.graceMs);
    t.unref();
    this.timers.set(key, t);
  }

  private async check(pin: string, playerId: string): Promise<void> {
    const room = await this.svc.store.getRoom(pin);
    if (!room || room.phase !== 'lobby') return;
    const back = await this.svc.io.in(playerChannel(pin, playerId)).fetchSockets();
    if (back.length > 0) return;
    if (await this.svc.store.removeFromLobby(pin, playerId)) this.svc.batcher.left(pin, playerId, await this.svc.store.playerCount(pin));
  }

  close(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }
}

/** The lobby drops of each Socket.IO server (the join flow schedules a socket's previous player when it joins again). */
export const lobbyDrops = new WeakMap<IO | object, LobbyDrops>();
