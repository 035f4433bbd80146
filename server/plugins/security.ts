/**
 * Hardening as a plugin (docs/security.md): works out each socket's client address (trusted proxy
 * aware), refuses sockets over the per-address limits at the handshake (`connect_error` with
 * `data: { code: 'RATE_LIMITED', message, retryAfterSec }`), and installs the Guard that ack.ts runs
 * every event through, and cuts off slow readers (slow-readers.ts). With a Redis URL, the budgets are shared by every process through their own
 * Redis connection.
 */
import fp from 'fastify-plugin';
import type { FastifyRequest } from 'fastify';
import { addressKey, clientAddress, trustList } from '../security/address.js';
import { Guard, guards } from '../security/guard.js';
import { AddressLimits } from '../security/limits.js';
import { SlowReaderWatch } from '../security/slow-readers.js';
import type { SecuritySettings } from '../security/settings.js';
import type { ProtocolError } from '../../shared/protocol.js';
import type { GameSocket } from '../gateway/types.js';
import { RoomRegistry } from '../security/rooms.js';
import { redisClient } from '../store/redis-client.js';
import { closeClient } from '../store/redis.js';
import type { RoomStore } from '../store/types.js';

declare module 'fastify' {
  interface FastifyInstance {
    guard: Guard;
    /** The client address of an HTTP request, as the limits key it (trusted-proxy aware, IPv6 by /64). */
    addressOf(req: FastifyRequest): string;
    slowReaders: SlowReaderWatch;
    rooms: RoomRegistry;
  }
}

export interface SecurityPluginOptions {
  settings: SecuritySettings;
  store: RoomStore;
  redisUrl?: string;
  redisPrefix?: string;
}

export default fp<SecurityPluginOptions>(
  async (fastify, opts) => {
    const { settings } = opts;
    let client: ReturnType<typeof redisClient> | undefined;
    if (opts.redisUrl) {
      client = redisClient({
        url: opts.redisUrl,
        // No queue while down: a limiter call fails at once and the process's memory limiter decides.
        disableOfflineQueue: true,
        socket: { connectTimeout: 2000, reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, 2000) + Math.floor(Math.random() * 100) },
      });
      client.on('error', () => {}); // reported by AddressLimits when a call falls back
      client.connect().catch((err: unknown) => fastify.log.warn({ err }, 'limits: Redis connection failed'));
    }
    const limits = new AddressLimits(settings, fastify.log, client ? { client, prefix: opts.redisPrefix ?? 'cn:' } : undefined);
    const rooms = new RoomRegistry(settings, fastify.io, opts.store, fastify.log, client ? { client, key: `${opts.redisPrefix ?? 'cn:'}rooms` } : undefined);
    rooms.start();
    fastify.decorate('rooms', rooms);
    const guard = new Guard(limits, rooms);
    guards.set(fastify.io, guard);
    fastify.decorate('guard', guard);
    const trust = trustList(settings.trustedProxies);
    fastify.decorate('addressOf', (req: FastifyRequest) => addressKey(clientAddress(req.socket.remoteAddress, req.headers['x-forwarded-for'], trust)));

    /** The connect's verdict: refused with `connect_error`, or admitted and counted open until its connection closes. */
    const admit = (socket: GameSocket, address: string, refusal: ProtocolError | null, next: (err?: Error) => void): void => {
      if (refusal) {
        const err = new Error(refusal.message) as Error & { data?: unknown };
        err.data = refusal;
        return next(err);
      }
      socket.conn.once('close', () => guard.disconnected(address));
      next();
    };
    fastify.io.use((socket, next) => {
      const address = addressKey(clientAddress(socket.request.socket.remoteAddress, socket.handshake.headers['x-forwarded-for'], trust));
      socket.data.address = address;
      const verdict = guard.connect(address);
      // Most connects are decided by this process's memory: admitted at once, no promise and no microtask.
      if (!(verdict instanceof Promise)) return admit(socket, address, verdict, next);
      verdict.then(
        (refusal) => admit(socket, address, refusal, next),
        (err: Error) => next(err),
      );
    });

    const slowReaders = new SlowReaderWatch(fastify.io, settings.maxSocketBuffer, fastify.log);
    slowReaders.start();
    fastify.decorate('slowReaders', slowReaders);

    fastify.addHook('onClose', async () => {
      slowReaders.stop();
      rooms.stop();
      if (client) await closeClient(client);
    });
  },
  { name: 'security', dependencies: ['socket'] },
);
