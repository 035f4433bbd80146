/**
 * The client events of every socket through one Socket.IO middleware (`socket.use`) instead of an
 * EventEmitter listener per event name. ClientEvents (ack.ts) builds each event's listener once per server;
 * this table holds them by event name, so a connect registers one middleware (one small closure) where it
 * registered some 28 listeners: each connect grew the socket's listener dictionary through several sizes
 * (~3.2 KB allocated per connect, most of it kept for the socket's life; bench/connect-probe.ts). The
 * socket's own events (disconnect, disconnecting) stay EventEmitter listeners, in the order they were added.
 *
 * What a listener sees is what Socket.IO's dispatch gave it: `this` = the socket, an event's first two
 * arguments (the payload and the ack), only while the socket is connected, the events of a socket in the
 * order they came. It runs in the turn Socket.IO hands the event to the socket's middleware, where Socket.IO
 * would have emitted it one `process.nextTick` later. An event no table entry knows goes on (next()) to
 * Socket.IO's own dispatch and the socket's listeners, as before.
 */
import type { ClientEvents } from './ack.js';
import type { GameSocket } from './types.js';

/** A listener as ClientEvents builds it: `this` = the socket. */
type Listener = (this: GameSocket, ...args: unknown[]) => void;

/** The socket's own events (Socket.IO emits them, no client does): EventEmitter listeners on each socket. */
const SOCKET_EVENTS = new Set(['disconnect', 'disconnecting']);

export class SocketEvents {
  private readonly clientEvents = new Map<string, Listener>();
  private readonly socketEvents: [string, Listener][] = [];

  /** Takes in every listener `events` has built, in order; a client event may be handled once only. */
  add(events: ClientEvents): this {
    const recorder = {
      on: (event: string, listener: Listener) => {
        if (SOCKET_EVENTS.has(event)) return void this.socketEvents.push([event, listener]);
        if (this.clientEvents.has(event)) throw new Error(`client event ${event} has a handler already`);
        this.clientEvents.set(event, listener);
      },
    };
    events.attach(recorder as unknown as GameSocket);
    return this;
  }

  /** Client events this table answers (tests). */
  get names(): string[] {
    return [...this.clientEvents.keys()];
  }

  /** A new socket: its own events' listeners, and the one middleware that hands each client event to its listener. */
  attach(socket: GameSocket): void {
    for (const [event, listener] of this.socketEvents) (socket as unknown as { on(e: string, l: Listener): void }).on(event, listener);
    const table = this.clientEvents;
    socket.use((packet, next) => {
      const listener = table.get(packet[0]);
      if (listener === undefined) return next();
      // Socket.IO's dispatch drops an event that arrives once the socket has disconnected.
      if (socket.connected) listener.call(socket, packet[1], packet[2]);
    });
  }
}
