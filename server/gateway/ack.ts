/**
 * Wraps every client event: rate limit, schema validation, error handling and
 * exactly one acknowledgement. Handlers receive a parsed payload and return
 * the ack body; they throw GameError for expected refusals.
 */
import type { Ack, ErrorCode, ProtocolError } from '../../shared/protocol.js';
import { parsePayload, type SchemaEvent } from '../../shared/schemas.js';
import { metricsOf } from '../metrics/metrics.js';
import { guards, rateLimited } from '../security/guard.js';
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

/** Per socket: player events and host commands each have their own token bucket, so a host can kick a flood quickly. */
export const RATE = DEFAULT_SECURITY.socketRate;
export const HOST_RATE = DEFAULT_SECURITY.hostRate;

/** Takes a token from the socket's bucket for `event`; else the seconds until one is there. */
function allow(socket: GameSocket, event: string, now: number): number {
  const d = socket.data;
  const host = event.startsWith('host:');
  const rate = host ? HOST_RATE : RATE;
  const [tokens, at] = host ? [d.hostTokens ?? HOST_RATE.burst, d.hostRefilledAt ?? now] : [d.tokens, d.refilledAt];
  let t = Math.min(rate.burst, tokens + ((now - at) / 1000) * rate.perSecond);
  const ok = t >= 1;
  if (ok) t -= 1;
  if (host) [d.hostTokens, d.hostRefilledAt] = [t, now];
  else [d.tokens, d.refilledAt] = [t, now];
  return ok ? 0 : Math.max(1, Math.ceil((1 - t) / rate.perSecond));
}

type Handler<E extends SchemaEvent> = (payload: z.infer<(typeof schemas)[E]>) => Promise<object>;

export function on<E extends SchemaEvent>(
  socket: GameSocket,
  event: E,
  handler: Handler<E>,
  log: { error: (o: object, msg: string) => void },
): void {
  const metrics = metricsOf.get(socket.nsp.server);
  // Registered through the untyped listener API: the payload is unknown until the schema says otherwise.
  (socket as unknown as { on(ev: string, fn: (p: unknown, ack: unknown) => void): void }).on(event, (payload, ack) => {
    const startedAt = metrics ? metrics.ackStarted() : 0;
    const reply = (r: Ack) => {
      metrics?.ackSent(event, r.ok ? 'OK' : r.error.code, startedAt);
      if (typeof ack === 'function') (ack as (r: Ack) => void)(r);
    };
    const refuse = (error: ProtocolError) => reply({ ok: false, error });
    const wait = allow(socket, event, Date.now());
    if (wait > 0) return refuse(rateLimited('Too many requests from this device', wait));
    const parsed = parsePayload(event, payload);
    if (!parsed.ok) return refuse({ code: 'BAD_REQUEST', message: parsed.message });
    const guard = guards.get(socket.nsp.server);
    const address = socket.data.address ?? socket.handshake.address;
    const run = guard ? guard.run(event, address, parsed.value, () => handler(parsed.value)) : handler(parsed.value).then((body) => ({ body }));
    run.then(
      (r) => ('refusal' in r ? refuse(r.refusal) : reply({ ok: true, ...r.body })),
      (err: unknown) => {
        if (err instanceof GameError) return refuse({ code: err.code, message: err.message });
        if (err instanceof StoreUnavailableError) {
          // Expected during a Redis outage: health-watch.ts reports the outage once, not per event.
          return refuse({ code: 'STORE_UNAVAILABLE', message: 'The game server is reconnecting — try again in a moment.' });
        }
        log.error({ err, event, pin: socket.data.pin, socketId: socket.id, playerId: socket.data.playerId }, 'handler failed');
        refuse({ code: 'INTERNAL', message: 'Something went wrong on our side — try again.' });
      },
    );
  });
}
