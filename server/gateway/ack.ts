/**
 * Wraps every client event: rate limit, schema validation, error handling and
 * exactly one acknowledgement. Handlers receive a parsed payload and return
 * the ack body; they throw GameError for expected refusals.
 */
import type { Ack, ErrorCode, ProtocolError } from '../../shared/protocol.js';
import { badRequestMessage, payloadSchema, type SchemaEvent } from '../../shared/schemas.js';
import { metricsOf, type Metrics } from '../metrics/metrics.js';
import { guards, rateLimited, type Guard, type Outcome } from '../security/guard.js';
import { DEFAULT_SECURITY } from '../security/settings.js';
import { StoreUnavailableError } from '../store/types.js';
import type { GameSocket } from './types.js';
import type { z } from 'zod';
import type { schemas } from '../../shared/schemas.js';

export class GameError extends Error {
  constructor(
    public code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** The refusal for a PIN no room has (a wrong PIN, or a game long expired). */
export const roomNotFound = (): GameError => new GameError('ROOM_NOT_FOUND', 'Game not found — check the PIN.');

/** Per socket: player events and host commands each have their own token bucket, so a host can kick a flood quickly. */
export const RATE = DEFAULT_SECURITY.socketRate;
export const HOST_RATE = DEFAULT_SECURITY.hostRate;

/** Takes a token from the socket's bucket for `event`; else the seconds until one is there. No allocation: it runs per event. */
function allow(socket: GameSocket, host: boolean, now: number): number {
  const d = socket.data;
  const rate = host ? HOST_RATE : RATE;
  const tokens = host ? (d.hostTokens ?? HOST_RATE.burst) : d.tokens;
  const at = host ? (d.hostRefilledAt ?? now) : d.refilledAt;
  let t = Math.min(rate.burst, tokens + ((now - at) / 1000) * rate.perSecond);
  const ok = t >= 1;
  if (ok) t -= 1;
  if (host) {
    d.hostTokens = t;
    d.hostRefilledAt = now;
  } else {
    d.tokens = t;
    d.refilledAt = now;
  }
  return ok ? 0 : Math.max(1, Math.ceil((1 - t) / rate.perSecond));
}

type Log = { error: (o: object, msg: string) => void };

/**
 * One client event in flight: its acknowledgement, sent exactly once, and its metrics. One object per
 * event instead of a handful of closures (the answer path runs 2,000 of these in a 200 ms burst).
 */
class Reply {
  constructor(
    private readonly socket: GameSocket,
    private readonly event: string,
    private readonly ack: unknown,
    private readonly metrics: Metrics | undefined,
    private readonly startedAt: number,
    private readonly log: Log,
  ) {}

  send(r: Ack): void {
    this.metrics?.ackSent(this.event, r.ok ? 'OK' : r.error.code, this.startedAt);
    if (typeof this.ack === 'function') (this.ack as (r: Ack) => void)(r);
  }

  refuse(error: ProtocolError): void {
    this.send({ ok: false, error });
  }

  outcome(r: Outcome): void {
    if ('refusal' in r) this.refuse(r.refusal);
    else this.send({ ok: true, ...r.body });
  }

  failed(err: unknown): void {
    if (err instanceof GameError) return this.refuse({ code: err.code, message: err.message });
    if (err instanceof StoreUnavailableError) {
      // Expected during a Redis outage: health-watch.ts reports the outage once, not per event.
      return this.refuse({ code: 'STORE_UNAVAILABLE', message: 'The game server is reconnecting — try again in a moment.' });
    }
    const socket = this.socket;
    this.log.error({ err, event: this.event, pin: socket.data.pin, socketId: socket.id, playerId: socket.data.playerId }, 'handler failed');
    this.refuse({ code: 'INTERNAL', message: 'Something went wrong on our side — try again.' });
  }
}

/** A client event's handler: the socket the event came on and its parsed payload; returns the ack body. */
export type Handler<E extends SchemaEvent> = (socket: GameSocket, payload: z.infer<(typeof schemas)[E]>) => Promise<object>;

/** A listener Socket.IO calls with `this` = the socket (socket.on's listeners are EventEmitter listeners). */
type Listener = (this: GameSocket, ...args: never[]) => void;

/**
 * The client events a server answers, each wrapped once for all its sockets: `attach` gives every new
 * socket the same listener functions, which take the socket from `this`, so a connect allocates no
 * closure per event (some 20 events are registered on every socket, whatever its role).
 */
export class ClientEvents {
  private readonly listeners: [string, Listener][] = [];
  private readonly metrics: Metrics | undefined;
  private readonly guard: Guard | undefined;

  /** `io`: the Socket.IO server whose metrics and per-address guard (if any) every event goes through. */
  constructor(
    io: object,
    private readonly log: Log,
  ) {
    this.metrics = metricsOf.get(io);
    this.guard = guards.get(io);
  }

  /** A client event: rate limit, schema validation, the per-address guard, error handling, exactly one ack. */
  on<E extends SchemaEvent>(event: E, handler: Handler<E>): this {
    const { metrics, guard, log } = this;
    const host = event.startsWith('host:');
    // Events the per-address guard lets through whatever their payload (player:answer…) skip its queue.
    const guarded = guard !== undefined && !guard.passesUnchecked(event);
    // The event's schema, looked up once: each payload is one safeParse, no lookup or wrapper object.
    const schema = payloadSchema(event);
    const listener = function (this: GameSocket, payload: unknown, ack: unknown): void {
      const reply = new Reply(this, event, ack, metrics, metrics ? metrics.ackStarted() : 0, log);
      const wait = allow(this, host, Date.now());
      if (wait > 0) return reply.refuse(rateLimited('Too many requests from this device', wait));
      const parsed = schema.safeParse(payload);
      if (!parsed.success) return reply.refuse({ code: 'BAD_REQUEST', message: badRequestMessage(parsed.error) });
      const value = parsed.data;
      if (!guarded) {
        handler(this, value).then(
          (body) => reply.send({ ok: true, ...body }),
          (err: unknown) => reply.failed(err),
        );
        return;
      }
      const address = this.data.address ?? this.handshake.address;
      guard.run(event, address, value, () => handler(this, value)).then(
        (r) => reply.outcome(r),
        (err: unknown) => reply.failed(err),
      );
    };
    this.listeners.push([event, listener]);
    return this;
  }

  /** A socket's own event (disconnect, disconnecting…): one listener for every socket, `this` = the socket. */
  onSocket(event: 'disconnect' | 'disconnecting', listener: (this: GameSocket, reason: string) => void): this {
    this.listeners.push([event, listener]);
    return this;
  }

  /** Registers every listener on a new socket, in the order they were added. */
  attach(socket: GameSocket): void {
    // Through the untyped listener API: the payload is unknown until the schema says otherwise.
    const s = socket as unknown as { on(ev: string, fn: Listener): void };
    for (const [event, listener] of this.listeners) s.on(event, listener);
  }
}
