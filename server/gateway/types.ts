import type { Server, Socket } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/protocol.js';

export interface SocketData {
  /** Set by player:join / player:rejoin. */
  pin?: string;
  playerId?: string;
  /** Per-socket rate limiter state: player events, and host commands (host:*). */
  tokens: number;
  refilledAt: number;
  hostTokens?: number;
  hostRefilledAt?: number;
  /** The client's address (server/security/address.ts): the key of the per-address limits. */
  address?: string;
}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export type IO = Server<ClientToServerEvents, ServerToClientEvents, {}, SocketData>;
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export type GameSocket = Socket<ClientToServerEvents, ServerToClientEvents, {}, SocketData>;
