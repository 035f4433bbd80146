/**
 * Socket.IO on Fastify's HTTP server, as a plugin: decorates `fastify.io`,
 * disconnects sockets before close. WebSocket only unless `allowPolling`
 * (long-polling needs sticky sessions behind several processes, and our
 * client never uses it). Handshakes from other sites' pages are refused
 * (`originAllowed`, server/security/origins.ts). Packets are written by
 * JsonEncoder (json-encoder.ts): socket.io-parser's format, JSON only.
 */
import fp from 'fastify-plugin';
import { Server } from 'socket.io';
import type { IO } from '../gateway/types.js';
import type { OriginCheck } from '../security/origins.js';
import { jsonParser } from './json-encoder.js';

declare module 'fastify' {
  interface FastifyInstance {
    io: IO;
  }
}

export interface SocketPluginOptions {
  /** Extra setup, e.g. the Redis adapter. */
  configure?: (io: IO) => Promise<void> | void;
  /** Long-polling besides WebSocket (default off). */
  allowPolling?: boolean;
  /** Whether a handshake's Origin may connect (default: any). */
  originAllowed?: OriginCheck;
}

export default fp<SocketPluginOptions>(
  async (fastify, opts) => {
    const io: IO = new Server(fastify.server, {
      // Client payloads are small; refuse anything large before it is parsed.
      maxHttpBufferSize: 16 * 1024,
      pingInterval: 10_000,
      pingTimeout: 10_000,
      serveClient: false,
      // socket.io-parser's wire format, without its search of every payload for binary (json-encoder.ts).
      parser: jsonParser,
      transports: opts.allowPolling ? ['polling', 'websocket'] : ['websocket'],
      allowRequest: (req, callback) => {
        const ok = opts.originAllowed ? opts.originAllowed(req) : true;
        callback(ok ? null : 'Origin not allowed', ok);
      },
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
