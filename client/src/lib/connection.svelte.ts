import type { ServerStatus, ServerToClientEvents } from '../../../shared/protocol.js';
import { connect, type GameSocket } from './net.js';

export type Handlers = { [E in keyof ServerToClientEvents]?: ServerToClientEvents[E] };

/**
 * One page's socket and its health, shared by the host and player clients:
 * registers the game's handlers once and removes them in destroy(); tracks
 * "connected", "ever connected", "can't reach" and "server lost its store",
 * and calls `onReady` whenever the page should (re)claim its seat: on every
 * connect, and when the server's store comes back after an outage.
 */
export class Connection {
  connected = $state(false);
  everConnected = $state(false);
  troubled = $state(false);
  /** The server is up but cannot reach its store (Redis): show "Reconnecting…". */
  storeDown = $state(false);
  /** The server refused the connection for now (too many from this network): its words, with the wait. */
  refusedFor = $state('');
  readonly socket: GameSocket;

  constructor(
    private readonly handlers: Handlers,
    private readonly onReady: () => void,
  ) {
    this.socket = connect();
    this.socket.on('connect', this.onConnect);
    this.socket.on('disconnect', this.onDisconnect);
    this.socket.on('connect_error', this.onConnectError);
    this.socket.on('server:status', this.onStatus);
    for (const [event, fn] of Object.entries(handlers)) this.socket.on(event as keyof ServerToClientEvents, fn);
  }

  /** What the banner should say, if anything. */
  get problem(): 'reconnecting' | 'unreachable' | 'refused' | null {
    if (!this.connected && this.refusedFor) return 'refused';
    if ((!this.connected && this.everConnected) || (this.connected && this.storeDown)) return 'reconnecting';
    if (!this.connected && this.troubled) return 'unreachable';
    return null;
  }

  destroy(): void {
    this.socket.off('connect', this.onConnect);
    this.socket.off('disconnect', this.onDisconnect);
    this.socket.off('connect_error', this.onConnectError);
    this.socket.off('server:status', this.onStatus);
    for (const [event, fn] of Object.entries(this.handlers)) this.socket.off(event as keyof ServerToClientEvents, fn);
    this.socket.disconnect();
  }

  private readonly onConnect = () => {
    this.connected = true;
    this.refusedFor = '';
    this.everConnected = true;
    this.onReady();
  };

  private readonly onDisconnect = (reason?: string) => {
    this.connected = false;
    // Socket.IO only reconnects by itself after a network drop; after a server-side
    // disconnect (a restart, a deploy) it waits to be told, so tell it.
    if (reason === 'io server disconnect') setTimeout(() => this.socket.connect(), 1000);
  };

  private readonly onConnectError = (err?: Error & { data?: { code?: string; message?: string; retryAfterSec?: number } }) => {
    this.connected = false;
    this.troubled = true;
    // Refused by the server's per-network limit: it does not retry by itself; wait as long as it says.
    if (err?.data?.code === 'RATE_LIMITED' && !this.socket.active) {
      this.refusedFor = err.data.message ?? 'Too many connections from your network.';
      setTimeout(() => this.socket.connect(), Math.max(1, err.data.retryAfterSec ?? 10) * 1000);
    }
  };

  private readonly onStatus = (s: ServerStatus) => {
    const wasDown = this.storeDown;
    this.storeDown = s.store === 'unavailable';
    if (wasDown && !this.storeDown) this.onReady();
  };
}
