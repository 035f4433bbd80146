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
  get problem(): 'reconnecting' | 'unreachable' | null {
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
    this.everConnected = true;
    this.onReady();
  };

  private readonly onDisconnect = (reason?: string) => {
    this.connected = false;
    // Socket.IO only reconnects by itself after a network drop; after a server-side
    // disconnect (a restart, a deploy) it waits to be told, so tell it.
    if (reason === 'io server disconnect') setTimeout(() => this.socket.connect(), 1000);
  };

  private readonly onConnectError = () => {
    this.connected = false;
    this.troubled = true;
  };

  private readonly onStatus = (s: ServerStatus) => {
    const wasDown = this.storeDown;
    this.storeDown = s.store === 'unavailable';
    if (wasDown && !this.storeDown) this.onReady();
  };
}
