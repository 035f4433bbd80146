/**
 * The client the Redis-backed limiters (rate-limiter-flexible's RateLimiterRedis, limits.ts) are given.
 * With node-redis, RateLimiterRedis runs its one script per consume as `client.eval(body, { keys,
 * arguments })`: EVAL, so the body goes out and Redis hashes it on every connect and every join. Here
 * `eval` sends the same script as one EVALSHA array through sendCommand (EVAL with the body after a
 * NOSCRIPT: store/redis-sha.ts): the same keys, arguments, atomic step and reply, so the budgets mean what
 * they meant and stay shared by every process. What else RateLimiterRedis calls (`multi`, `del`: reads,
 * deletes, forced expiries) goes to the client as it is.
 */
import { evalSha, shaScript, type ShaScript } from '../store/redis-sha.js';

/** What is used of a node-redis client. */
export interface LimiterRedis {
  sendCommand(cmd: string[]): Promise<unknown>;
  multi(): unknown;
  del(key: string): Promise<number>;
}

export function limiterClient(client: LimiterRedis) {
  const scripts = new Map<string, ShaScript>();
  const send = (cmd: string[]) => client.sendCommand(cmd);
  return {
    eval(body: string, o: { keys: string[]; arguments: string[] }): Promise<unknown> {
      let script = scripts.get(body);
      if (!script) scripts.set(body, (script = shaScript(body)));
      return evalSha(send, script, o.keys, o.arguments);
    },
    multi: () => client.multi(),
    del: (key: string) => client.del(key),
  };
}
