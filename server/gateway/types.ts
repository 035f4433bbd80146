import type { Server, Socket } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/protocol.js';

export interface SocketData {
  /** Set by player:join / player:rejoin. */
  pin?: string;
  playerId?: string;
  /** Rate limiter state. */
  tokens: number;
  refilledAt: number;
}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export type IO = Server<ClientToServerEvents, ServerToClientEvents, {}, SocketData>;
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export type GameSocket = Socket<ClientToServerEvents, ServerToClientEvents, {}, SocketData>;
