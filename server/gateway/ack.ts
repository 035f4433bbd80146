/**
 * Wraps every client event: rate limit, schema validation, error handling and
 * exactly one acknowledgement. Handlers receive a parsed payload and return
 * the ack body; they throw GameError for expected refusals.
 */
import type { Ack, ErrorCode, ProtocolError } from '../../shared/protocol.js';
import { parsePayload, type SchemaEvent } from '../../shared/schemas.js';
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

export const RATE = { perSecond: 10, burst: 30 };

function allow(socket: GameSocket, now: number): boolean {
  const d = socket.data;
  d.tokens = Math.min(RATE.burst, d.tokens + ((now - d.refilledAt) / 1000) * RATE.perSecond);
  d.refilledAt = now;
  if (d.tokens < 1) return false;
  d.tokens -= 1;
  return true;
}

type Handler<E extends SchemaEvent> = (payload: z.infer<(typeof schemas)[E]>) => Promise<object>;

export function on<E extends SchemaEvent>(
  socket: GameSocket,
  event: E,
  handler: Handler<E>,
  log: { error: (o: object, msg: string) => void },
): void {
  // Registered through the untyped listener API: the payload is unknown until the schema says otherwise.
  (socket as unknown as { on(ev: string, fn: (p: unknown, ack: unknown) => void): void }).on(event, (payload, ack) => {
    const reply = (r: Ack) => {
      if (typeof ack === 'function') (ack as (r: Ack) => void)(r);
    };
    const refuse = (error: ProtocolError) => reply({ ok: false, error });
    if (!allow(socket, Date.now())) return refuse({ code: 'RATE_LIMITED', message: 'Too many requests — slow down a little.' });
    const parsed = parsePayload(event, payload);
    if (!parsed.ok) return refuse({ code: 'BAD_REQUEST', message: parsed.message });
    handler(parsed.value).then(
      (body) => reply({ ok: true, ...body }),
      (err: unknown) => {
        if (err instanceof GameError) return refuse({ code: err.code, message: err.message });
        if (err instanceof StoreUnavailableError) {
          // Expected during a Redis outage: health-watch.ts reports the outage once, not per event.
          return refuse({ code: 'STORE_UNAVAILABLE', message: 'The game server is reconnecting — try again in a moment.' });
        }
        log.error({ err, event }, 'handler failed');
        refuse({ code: 'INTERNAL', message: 'Something went wrong on our side — try again.' });
      },
    );
  });
}
