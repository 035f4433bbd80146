/** A Redis room store under its own key prefix, and its cleanup (the store closed, its keys deleted). */
import { createRedisStore, type RedisStoreOptions } from '../../server/store/redis.js';
import { deleteKeys, type TestRedis } from '../helpers/redis-server.js';

let n = 0;

export async function freshRedisStore(redis: TestRedis, extra: Partial<RedisStoreOptions> = {}) {
  const prefix = `${redis.prefix}${++n}:`;
  const store = await createRedisStore(redis.url, { prefix, onError: () => {}, ...extra });
  return {
    store,
    prefix,
    cleanup: async () => {
      await store.close();
      await deleteKeys(redis.url, prefix);
    },
  };
}
