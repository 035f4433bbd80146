/**
 * Socket.IO on Fastify's HTTP server, as a plugin: decorates `fastify.io`,
 * disconnects sockets before close. WebSocket first; long-polling stays
 * available as a fallback for networks that block WebSockets.
 */
import fp from 'fastify-plugin';
import { Server } from 'socket.io';
import type { IO } from '../gateway/types.js';

declare module 'fastify' {
  interface FastifyInstance {
    io: IO;
  }
}

export interface SocketPluginOptions {
  /** Extra setup, e.g. the Redis adapter. */
  configure?: (io: IO) => Promise<void> | void;
}

export default fp<SocketPluginOptions>(
  async (fastify, opts) => {
    const io: IO = new Server(fastify.server, {
      // Client payloads are small; refuse anything large before it is parsed.
      maxHttpBufferSize: 16 * 1024,
      pingInterval: 10_000,
      pingTimeout: 10_000,
      serveClient: false,
      cors: { origin: true },
    });
    await opts.configure?.(io);
    fastify.decorate('io', io);
    fastify.addHook('preClose', async () => {
      io.local.disconnectSockets(true);
    });
    fastify.addHook('onClose', async () => {
      await new Promise<void>((resolve) => io.close(() => resolve()));
    });
  },
  { name: 'socket', fastify: '5.x' },
);
