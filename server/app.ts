/**
 * The app factory: builds a Fastify instance with every plugin, without
 * listening. server/main.ts listens; tests call buildApp and listen on port 0.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import type { Deck } from '../shared/deck.js';
import { defaultConfig, type Config } from './config.js';
import { loadDecks } from './deck/load.js';
import { BUILTIN_DECKS_DIR, CLIENT_DIR } from './paths.js';
import gamePlugin from './plugins/game.js';
import headersPlugin from './plugins/headers.js';
import healthPlugin from './plugins/health.js';
import metricsPlugin from './plugins/metrics.js';
import { Metrics } from './metrics/metrics.js';
import { measuredStore } from './metrics/store.js';
import learningPlugin from './plugins/learning.js';
import { connectRedis, type RedisWiring } from './plugins/redis.js';
import socketPlugin, { type SocketPluginOptions } from './plugins/socket.js';
import securityPlugin from './plugins/security.js';
import staticPlugin from './plugins/static.js';
import { originCheck } from './security/origins.js';
import { securitySettings, type SecuritySettings } from './security/settings.js';
import { createMemoryStore } from './store/memory.js';
import type { RoomStore } from './store/types.js';
import type { LearningStore } from './learning/store.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The validated settings (server/config.ts). */
    config: Config;
  }
}

export interface AppOptions {
  /** Settings (server/config.ts); missing ones take their defaults. The options below win over them. */
  config?: Partial<Config>;
  decksDir?: string;
  clientDir?: string;
  publicUrl?: string;
  logger?: boolean;
  /**
   * With a Redis URL (and no `store`): the Redis store and the Socket.IO Redis adapter, so several
   * processes on one Redis serve the same rooms. Without either: the in-memory store.
   */
  redisUrl?: string;
  /** Key prefix in Redis (default `cn:`), for the store and the adapter's channels. */
  redisPrefix?: string;
  /** A store of your own (tests); the app does not close it. */
  store?: RoomStore;
  storeKind?: string;
  /** A learning store of your own (tests): reports, weak spots, practice. */
  learningStore?: LearningStore;
  configureIo?: SocketPluginOptions['configure'];
  /** Hardening settings (server/security/settings.ts); unset fields keep their defaults. */
  security?: Partial<SecuritySettings>;
}

export async function buildApp(opts: AppOptions = {}): Promise<FastifyInstance> {
  const config: Config = {
    ...defaultConfig(),
    ...opts.config,
    ...(opts.publicUrl !== undefined && { publicUrl: opts.publicUrl }),
    ...(opts.redisUrl !== undefined && { redisUrl: opts.redisUrl || undefined }),
    ...(opts.redisPrefix !== undefined && { redisPrefix: opts.redisPrefix || defaultConfig().redisPrefix }),
    ...(opts.decksDir !== undefined && { decksDir: opts.decksDir }),
  };
  // JSON log lines (pino); each HTTP request's lines carry its id (reqId), taken from a proxy's X-Request-Id when there is one.
  const app = Fastify({ logger: opts.logger ? { level: config.logLevel } : false, requestIdHeader: 'x-request-id' });
  app.decorate('config', config);
  const decksDir = config.decksDir ?? BUILTIN_DECKS_DIR;
  const { decks, problems } = loadDecks(decksDir);
  for (const p of problems) app.log.error(`deck refused: ${p.file}:${p.line}${p.questionId ? ` [${p.questionId}]` : ''} ${p.message}`);
  if (decks.length === 0) app.log.warn({ decksDir }, 'no valid deck found');
  let redis: RedisWiring | undefined;
  const metrics = new Metrics();
  if (!opts.store && config.redisUrl) {
    redis = await connectRedis(config.redisUrl, { prefix: config.redisPrefix, log: app.log, onConnectionError: (client) => metrics.redisConnectionError(client) });
  }
  const ownStore = opts.store ?? redis?.store ?? createMemoryStore();
  const store = measuredStore(ownStore, metrics);
  const storeKind = opts.storeKind ?? (redis ? 'redis' : opts.store ? 'custom' : 'memory');

  const security = securitySettings(config, opts.security);
  const originAllowed = originCheck(config.publicUrl, security.allowedOrigins);
  try {
    await app.register(headersPlugin, { originAllowed });
    await app.register(socketPlugin, {
      allowPolling: security.allowPolling,
      originAllowed,
      configure: async (io) => {
        await redis?.configureIo(io);
        await opts.configureIo?.(io);
      },
    });
    await app.register(securityPlugin, { settings: security, store, redisUrl: redis ? config.redisUrl : undefined, redisPrefix: config.redisPrefix });
    await app.register(metricsPlugin, { metrics, store });
    const checks = redis ? [redis.adapterProblem] : [];
    await app.register(healthPlugin, { store, storeKind, storeError: redis?.storeError, checks });
    await app.register(gamePlugin, { store, decks: new Map<string, Deck>(decks.map((d) => [d.id, d])), publicUrl: config.publicUrl, healthChecks: checks, crossProcess: redis !== undefined });
    await app.register(learningPlugin, { store: opts.learningStore });
    await app.register(staticPlugin, { clientDir: opts.clientDir ?? CLIENT_DIR });
  } catch (err) {
    await redis?.close();
    throw err;
  }
  app.addHook('onClose', async () => {
    if (redis) await redis.close();
    else if (!opts.store) await ownStore.close();
  });
  return app;
}
