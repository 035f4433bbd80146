/**
 * The game gateway as a plugin: one GameService per process, the event
 * handlers attached to every new socket, and the store watch (server:status).
 */
import fp from 'fastify-plugin';
import type { Deck } from '../../shared/deck.js';
import { registerAnswerHandler } from '../gateway/answer.js';
import { ClientEvents, RATE } from '../gateway/ack.js';
import { GameService } from '../gateway/game-service.js';
import { HealthWatch } from '../gateway/health-watch.js';
import { LobbyDrops, lobbyDrops } from '../gateway/lobby-drop.js';
import { registerHostHandlers } from '../gateway/host-handlers.js';
import { roomChannel } from '../gateway/channels.js';
import { registerJoinHandlers } from '../gateway/join.js';
import { SocketEvents } from '../gateway/socket-events.js';
import type { GameSocket } from '../gateway/types.js';
import type { RoomStore } from '../store/types.js';

declare module 'fastify' {
  interface FastifyInstance {
    game: GameService;
    /** Every socket's client events, through one middleware per socket (gateway/socket-events.ts); other plugins add theirs. */
    socketEvents: SocketEvents;
  }
}

/** Room channels are `r:<pin>` (gateway/channels.ts). */
const ROOM_PREFIX = roomChannel('');
/** How long shutdown waits for events being handled. */
const DRAIN_MS = 3000;

export interface GamePluginOptions {
  store: RoomStore;
  decks: Map<string, Deck>;
  /** Base URL printed on the host screen; default: the host's own Host header. */
  publicUrl?: string;
  /** Besides the store, what must be up for `server:status` to say 'ok' (each returns why not, or null). */
  healthChecks?: (() => string | null)[];
  /** Other processes share the rooms (the Socket.IO Redis adapter is on): per-player frames go to them too. */
  crossProcess?: boolean;
}

export default fp<GamePluginOptions>(
  async (fastify, opts) => {
    const svc = new GameService(fastify.io, opts.store, opts.decks, fastify.log);
    fastify.decorate('game', svc);
    if (opts.crossProcess) svc.deliverer.acrossProcesses();
    const watch = new HealthWatch(fastify.io, opts.store, fastify.log, opts.healthChecks);
    const drops = new LobbyDrops(svc, fastify.config.lobbyGraceSeconds * 1000);
    lobbyDrops.set(fastify.io, drops);
    const fromHeader = (socket: GameSocket) => {
      const host = socket.handshake.headers.host ?? 'localhost:3000';
      const proto = (socket.handshake.headers['x-forwarded-proto'] as string | undefined) ?? 'http';
      return `${proto}://${host}`;
    };
    // Every socket gets the same listeners, built once here (ack.ts, ClientEvents), its client events through one middleware (socket-events.ts).
    const events = new ClientEvents(fastify.io, svc.log).onSocket('disconnecting', function (reason) {
      // A host's socket has no data.pin: its room channel names the room.
      const pin = this.data.pin ?? [...this.rooms].find((r) => r.startsWith(ROOM_PREFIX))?.slice(ROOM_PREFIX.length);
      fastify.log.debug({ socketId: this.id, pin, playerId: this.data.playerId, reason }, 'socket disconnected');
    });
    drops.watch(events);
    registerHostHandlers(events, svc, (socket) => opts.publicUrl ?? fromHeader(socket));
    registerJoinHandlers(events, svc, fastify.config);
    registerAnswerHandler(events, svc);
    const socketEvents = new SocketEvents().add(events);
    fastify.decorate('socketEvents', socketEvents);
    fastify.io.on('connection', (socket) => {
      fastify.log.debug({ socketId: socket.id, address: socket.data.address }, 'socket connected');
      watch.greet(socket);
      socket.data.tokens = RATE.burst;
      socket.data.refilledAt = Date.now();
      socketEvents.attach(socket);
    });
    svc.start();
    watch.start();
    // Shutting down: sockets are being disconnected (socket plugin); let the events already being
    // handled finish and acknowledge (an accepted answer is already in the store), within a bound.
    fastify.addHook('preClose', async () => {
      await fastify.metrics.idle(DRAIN_MS);
    });
    fastify.addHook('onClose', async () => {
      watch.stop();
      drops.close();
      svc.stop();
    });
  },
  { name: 'game', dependencies: ['socket', 'metrics'] },
);
