import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../../shared/protocol.js';

export type GameSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

type Events = ClientToServerEvents;
export type PayloadOf<E extends keyof Events> = Parameters<Events[E]>[0];
export type AckOf<E extends keyof Events> = Parameters<Parameters<Events[E]>[1]>[0];

const ACK_TIMEOUT_MS = 8000;

/** One socket per page, same origin, WebSocket only (works behind several processes without sticky sessions). */
export function connect(): GameSocket {
  return io({ transports: ['websocket'] });
}

/**
 * Emit with an acknowledgement. Resolves to the server's ack, or to null when no ack came in time
 * (the socket dropped or the server is slow): callers decide what that means for them.
 */
export function call<E extends keyof Events>(
  socket: GameSocket,
  event: E,
  payload: PayloadOf<E>,
  timeoutMs = ACK_TIMEOUT_MS,
): Promise<AckOf<E> | null> {
  return new Promise((resolve) => {
    // timeout().emit types the ack as (err, ...args) and loses its payload type; AckOf restores it.
    const timed = socket.timeout(timeoutMs) as unknown as {
      emit(ev: E, data: PayloadOf<E>, cb: (err: Error | null, res: AckOf<E>) => void): void;
    };
    timed.emit(event, payload, (err, res) => resolve(err ? null : res));
  });
}

export const NO_ANSWER_MESSAGE = 'The game didn’t answer — check your connection and try again.';
