/**
 * The process's node-redis clients (the room store, the Socket.IO adapter's publisher — its subscriber is a
 * `duplicate()` —, the learning store, the shared limits): node-redis's `createClient`, with a bigger write
 * batch per event-loop turn.
 *
 * node-redis writes the commands waiting for its socket once per turn (setImmediate), corked, and stops as
 * soon as the socket's buffer reaches its writable high-water mark (Node's default: 16 KB), to go on after
 * the socket's 'drain', a turn later. With 16 KB that was ~23 joins (~700 bytes each) a turn: the 5,000 joins
 * of one lobby took ~157 turns to reach Redis, and in a server busy with the phones' frames each turn is long,
 * so the joins waited in node-redis's queue, each holding its command (the player's JSON among it) through
 * the young generation's scavenges until it was promoted to the old one (docs/performance-history.md,
 * session 30). With WRITE_BATCH_BYTES the same joins go out in a few turns. Backpressure is as before: past
 * the mark node-redis waits for the socket to drain.
 */
import { createClient, type RedisClientOptions, type RedisFunctions, type RedisModules, type RedisScripts } from 'redis';

/** What a client writes to its connection at most per event-loop turn (its socket's writable high-water mark). */
export const WRITE_BATCH_BYTES = 1 << 20;

type Socket = NonNullable<RedisClientOptions['socket']>;

/**
 * `createClient(options)`, its socket writing up to WRITE_BATCH_BYTES a turn. net.Socket hands its options
 * to its stream.Duplex, where `writableHighWaterMark` sets the write side's mark only (not in @types/node's
 * connect options, hence the cast). A new socket object per client: node-redis writes the url's host and
 * port into it.
 */
export function redisClient<S extends RedisScripts = Record<never, never>>(
  options: Omit<RedisClientOptions<RedisModules, RedisFunctions, S>, 'socket'> & { socket?: Socket },
) {
  const mark = { writableHighWaterMark: WRITE_BATCH_BYTES } as Partial<Socket>;
  return createClient({ ...options, socket: { ...options.socket, ...mark } as Socket });
}
