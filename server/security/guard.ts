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
import type { AddressLimits, Verdict } from './limits.js';
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

const asBody = (body: object): Outcome => ({ body });

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

  /**
   * Runs `handler` for `event` from `address` under the address's limits. Not an async function: a join
   * or a look-up goes straight into the address's queue, with no promise of its own around it (every
   * join runs this; a room of 2,000 joins at once).
   */
  run(event: string, address: string, payload: unknown, handler: () => Promise<object>): Promise<Outcome> {
    if (event === 'host:create') return this.create(address, handler);
    const pin = typeof payload === 'object' && payload !== null ? (payload as { pin?: unknown }).pin : undefined;
    if (typeof pin !== 'string' || this.passesUnchecked(event)) return handler().then(asBody);
    return this.queued(address, () => this.lookUp(event, pin, address, handler));
  }

  private async create(address: string, handler: () => Promise<object>): Promise<Outcome> {
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

  /**
   * A look-up by PIN, its address's turn come: the failed-look-up budget, a join's own limit, then the handler.
   * Not an async function: a limit decided at once (this process's memory) starts the handler at once, and a
   * look-up costs no promise but the handler's and its outcome's (every join runs this; a room of 2,000 joins
   * at once). A limit Redis decides starts the handler on its verdict.
   */
  private lookUp(event: string, pin: string, address: string, handler: () => Promise<object>): Promise<Outcome> {
    try {
      const v = this.limits.lookupAllowed(address);
      if (!v.ok) return Promise.resolve({ refusal: rateLimited(WORDS.lookup, v.retryAfterSec) });
      if (event !== 'player:join') return this.handled(address, handler);
      const j = this.limits.take('join', `${pin}|${address}`);
      if (j instanceof Promise) return j.then((w) => this.joinAllowed(w, address, handler));
      return this.joinAllowed(j, address, handler);
    } catch (err) {
      return Promise.reject(err as Error);
    }
  }

  /** A join's own limit decided: the handler, or the refusal. */
  private joinAllowed(j: Verdict, address: string, handler: () => Promise<object>): Promise<Outcome> {
    return j.ok ? this.handled(address, handler) : Promise.resolve({ refusal: rateLimited(WORDS.join, j.retryAfterSec) });
  }

  /** The handler's body, or its error once a look-up that found no room has spent the address's budget. */
  private handled(address: string, handler: () => Promise<object>): Promise<Outcome> {
    return handler().then(asBody, (err: unknown) => this.notFound(address, err));
  }

  private async notFound(address: string, err: unknown): Promise<never> {
    if ((err as { code?: unknown }).code === 'ROOM_NOT_FOUND') await this.limits.lookupFailed(address);
    throw err;
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

  /**
   * Runs `fn` once the address's earlier look-ups have settled (at once if it has none in flight), and
   * leaves the address's queue empty when the last one settles. One promise per look-up besides `fn`'s
   * own (the tail the next one waits on): no async wrapper, no resolved promise to start from.
   */
  private queued<T>(address: string, fn: () => Promise<T>): Promise<T> {
    const before = this.queues.get(address);
    const mine = before ? before.then(fn, fn) : fn();
    // Arrow functions passed straight in, not named (a named closure per look-up costs a name under tsx).
    const tail: Promise<unknown> = mine.then(
      () => this.settled(address, tail),
      () => this.settled(address, tail),
    );
    this.queues.set(address, tail);
    return mine;
  }

  private settled(address: string, tail: Promise<unknown>): void {
    if (this.queues.get(address) === tail) this.queues.delete(address);
  }

  /** Look-ups by PIN waiting or running (tests: an address's queue is gone once its look-ups are done). */
  get queuedAddresses(): number {
    return this.queues.size;
  }

  /**
   * A socket opens from `address`: null, or the refusal (the socket is then not counted as open). Decided
   * at once, with no promise, when the connect limit's verdict is (the process's memory decides most
   * connects: limits.ts); a promise only while a shared take waits for Redis.
   */
  connect(address: string): ProtocolError | null | Promise<ProtocolError | null> {
    if (!this.limits.socketOpened(address)) return rateLimited(WORDS.connect, 60);
    const v = this.limits.take('connect', address);
    if (v instanceof Promise) return v.then((w) => this.connected(address, w));
    return this.connected(address, v);
  }

  /** The connect limit's verdict: null, or the refusal (and the socket no longer counted as open). */
  private connected(address: string, v: Verdict): ProtocolError | null {
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
