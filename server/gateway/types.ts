import type { Server, Socket } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/protocol.js';
import type { Delivery } from './deliver.js';

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

/** Between server processes (serverSideEmit, Redis adapter only): server/gateway/deliver.ts. */
export interface InterServerEvents {
  'cram:deliver': (d: Delivery) => void;
}

export type IO = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type GameSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
