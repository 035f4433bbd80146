/**
 * The per-address checks around each client event (ack.ts calls `run`): which limit an event
 * spends, and the refusals in plain words with the seconds to wait.
 *
 * Look-ups by PIN (room:check, join, host commands) that find no room spend the address's
 * failed-look-up budget; once it is spent, every look-up by PIN from that address waits, so a
 * guesser cannot tell a live PIN from a dead one until then. One address's look-ups run one at a
 * time on a process, so a guesser cannot fire hundreds at once before the first failure is counted
 * (a look-up costs a millisecond: 300 phones behind one address still join within a second).
 * player:answer needs no check: it is only accepted for the socket's own room.
 */
import type { ProtocolError } from '../../shared/protocol.js';
import type { AddressLimits } from './limits.js';
import type { RoomRegistry } from './rooms.js';

export function rateLimited(what: string, retryAfterSec: number): ProtocolError {
  const s = `${retryAfterSec} second${retryAfterSec === 1 ? '' : 's'}`;
  return { code: 'RATE_LIMITED', message: `${what} — try again in ${s}.`, retryAfterSec };
}

const WORDS = {
  create: 'Too many new games from your network',
  lookup: 'Too many wrong PINs from your network',
  join: 'Too many players joining this game from your network',
  connect: 'Too many connections from your network',
};

export type Outcome = { refusal: ProtocolError } | { body: object };

export class Guard {
  /** Per address: the tail of its queue of look-ups by PIN. */
  private queues = new Map<string, Promise<unknown>>();

  constructor(
    readonly limits: AddressLimits,
    readonly rooms?: RoomRegistry,
  ) {}

  /**
   * Events no per-address check applies to, whatever their payload: player:answer is only accepted for
   * the socket's own room; player:rejoin and player:review answer UNKNOWN_PLAYER whether or not the room
   * exists: none tells a guesser anything. The gateway runs them without `run` (ack.ts), so the answer
   * path pays no queue and no extra promise.
   */
  passesUnchecked(event: string): boolean {
    return event === 'player:answer' || event === 'player:rejoin' || event === 'player:review';
  }

  /** Runs `handler` for `event` from `address` under the address's limits. */
  async run(event: string, address: string, payload: unknown, handler: () => Promise<object>): Promise<Outcome> {
    const pin = typeof payload === 'object' && payload !== null ? (payload as { pin?: unknown }).pin : undefined;
    if (event === 'host:create') {
      const v = await this.limits.take('create', address);
      if (!v.ok) return { refusal: rateLimited(WORDS.create, v.retryAfterSec) };
      if (this.rooms && !(await this.rooms.admit())) {
        return { refusal: { code: 'SERVER_BUSY', message: 'This server is running as many games as it can — try again in a few minutes.' } };
      }
      const body = await handler();
      const pin = (body as { state?: { pin?: unknown } }).state?.pin;
      if (typeof pin === 'string') this.rooms?.added(pin);
      return { body };
    }
    if (typeof pin !== 'string' || this.passesUnchecked(event)) return { body: await handler() };
    return this.queued(address, async () => {
      const v = this.limits.lookupAllowed(address);
      if (!v.ok) return { refusal: rateLimited(WORDS.lookup, v.retryAfterSec) };
      if (event === 'player:join') {
        const j = await this.limits.take('join', `${pin}|${address}`);
        if (!j.ok) return { refusal: rateLimited(WORDS.join, j.retryAfterSec) };
      }
      try {
        return { body: await handler() };
      } catch (err) {
        if ((err as { code?: unknown }).code === 'ROOM_NOT_FOUND') await this.limits.lookupFailed(address);
        throw err;
      }
    });
  }

  /**
   * A look-up outside Socket.IO (the report's HTTP routes): the same failed-look-up budget and the same
   * one-at-a-time queue as a look-up by PIN. `fn` says whether it found what was asked for.
   */
  async lookup<T>(address: string, fn: () => Promise<{ found: boolean; value: T }>): Promise<{ refusal: ProtocolError } | { found: boolean; value: T }> {
    return this.queued(address, async () => {
      const v = this.limits.lookupAllowed(address);
      if (!v.ok) return { refusal: rateLimited(WORDS.lookup, v.retryAfterSec) };
      const r = await fn();
      if (!r.found) await this.limits.lookupFailed(address);
      return r;
    });
  }

  private async queued<T>(address: string, fn: () => Promise<T>): Promise<T> {
    const before = this.queues.get(address) ?? Promise.resolve();
    const mine = before.then(fn, fn);
    const tail = mine.catch(() => undefined);
    this.queues.set(address, tail);
    try {
      return await mine;
    } finally {
      if (this.queues.get(address) === tail) this.queues.delete(address);
    }
  }

  async connect(address: string): Promise<ProtocolError | null> {
    if (!this.limits.socketOpened(address)) return rateLimited(WORDS.connect, 60);
    const v = await this.limits.take('connect', address);
    if (v.ok) return null;
    this.limits.socketClosed(address);
    return rateLimited(WORDS.connect, v.retryAfterSec);
  }

  disconnected(address: string): void {
    this.limits.socketClosed(address);
  }
}

/** The guard of each Socket.IO server (set by the security plugin; absent: no per-address limits). */
export const guards = new WeakMap<object, Guard>();
