/**
 * Redis wiring, used when REDIS_URL is set (buildApp's `redisUrl`): the Redis
 * RoomStore, and the Socket.IO Redis adapter over two more node-redis
 * connections (one publishes, one subscribes), so broadcasts reach sockets on
 * every process (redis-adapter.ts: a process alone publishes none). docs/redis.md says why this adapter.
 *
 * An outage never crashes the process: every client has an 'error' handler,
 * and the adapter's fire-and-forget publish/subscribe calls (whose promises it
 * never awaits) get a rejection handler, so a publish that fails (its
 * connection dropped under it) is logged instead of becoming an unhandled
 * rejection. Local sockets always get their broadcasts at once.
 */
import type { IO } from '../gateway/types.js';
import { redisClient } from '../store/redis-client.js';
import { closeClient, createRedisStore } from '../store/redis.js';
import { createLoneAwareAdapter, type LoneAwareAdapter } from './redis-adapter.js';
import type { RoomStore } from '../store/types.js';

export interface RedisWiringOptions {
  /** Key prefix of the store; the adapter's channels are `${prefix}socket.io…` (default `cn:`). */
  prefix?: string;
  log: { warn: (o: object, m: string) => void; info: (o: object, m: string) => void };
  /** Counts a connection error of the store's or the adapter's clients (metrics). */
  onConnectionError?: (client: 'store' | 'adapter') => void;
}

export interface RedisWiring {
  store: RoomStore;
  /**
   * Installs the Redis adapter on the Socket.IO server and announces this process to the others
   * (redis-adapter.ts): resolve it before the server accepts sockets.
   */
  configureIo(io: IO): Promise<void>;
  /** The last connection error of the store while it is down, for /healthz. */
  storeError(): string | undefined;
  /** Why the adapter cannot carry broadcasts right now, or null. */
  adapterProblem(): string | null;
  close(): Promise<void>;
}

/** Commands the adapter sends without awaiting them. */
const FIRE_AND_FORGET = ['publish', 'sPublish', 'subscribe', 'unsubscribe', 'pSubscribe', 'pUnsubscribe', 'sSubscribe', 'sUnsubscribe'];

type Client = ReturnType<typeof redisClient>;

function swallowRejections(client: Client, onError: (err: Error) => void): void {
  const target = client as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const name of FIRE_AND_FORGET) {
    const original = target[name];
    if (typeof original !== 'function') continue;
    target[name] = (...args: unknown[]) => {
      try {
        const res = original.apply(client, args);
        // The caller still sees the rejection if it awaits; an ignored one is only reported.
        if (res && typeof (res as Promise<unknown>).catch === 'function') (res as Promise<unknown>).catch(onError);
        return res;
      } catch (err) {
        onError(err as Error);
        return Promise.resolve(0);
      }
    };
  }
}


export async function connectRedis(url: string, opts: RedisWiringOptions): Promise<RedisWiring> {
  const prefix = opts.prefix ?? 'cn:';
  let storeError: string | undefined;
  const store = await createRedisStore(url, {
    prefix,
    onError: (err) => {
      storeError = err.message || err.name;
      opts.onConnectionError?.('store');
      opts.log.warn({ err }, 'Redis store connection lost: reconnecting');
    },
  });

  let everReady = false;
  let reported = false;
  const report = (err: Error) => {
    if (reported) return;
    reported = true;
    opts.onConnectionError?.('adapter');
    opts.log.warn({ err }, 'Redis adapter connection lost: reconnecting');
  };
  const pub: Client = redisClient({
    url,
    // The offline queue stays on: a broadcast made while this connection is (re)connecting goes out, in
    // order, once it is back. It stays small: without its store a process makes (almost) no broadcasts.
    socket: {
      connectTimeout: 2000,
      reconnectStrategy(retries: number, cause: Error) {
        if (!everReady && retries >= 8) return new Error(`Redis unreachable at startup: ${cause.message}`);
        return Math.min(100 * 2 ** retries, 2000) + Math.floor(Math.random() * 100);
      },
    },
  });
  const sub: Client = pub.duplicate();
  for (const c of [pub, sub]) {
    c.on('error', report);
    c.on('ready', () => {
      if (pub.isReady && sub.isReady) {
        if (reported) opts.log.info({}, 'Redis adapter reconnected');
        everReady = true;
        reported = false;
      }
    });
    swallowRejections(c, (err) => {
      if (!reported) opts.log.warn({ err }, 'Redis adapter command failed');
    });
  }
  try {
    await Promise.all([pub.connect(), sub.connect()]);
  } catch (err) {
    await Promise.allSettled([closeClient(pub), closeClient(sub), store.close()]);
    throw err;
  }

  return {
    store,
    async configureIo(io) {
      io.adapter(createLoneAwareAdapter(pub, sub, { key: `${prefix}socket.io`, publishOnSpecificResponseChannel: true, log: opts.log }));
      await (io.of('/').adapter as unknown as LoneAwareAdapter).announce();
    },
    storeError: () => storeError,
    adapterProblem: () => (pub.isReady && sub.isReady ? null : 'Socket.IO Redis adapter is disconnected: broadcasts cannot reach other processes'),
    async close() {
      await Promise.allSettled([closeClient(pub), closeClient(sub), store.close()]);
    },
  };
}
