/**
 * A Lua script sent as one EVALSHA array through a node-redis client's sendCommand, instead of
 * node-redis's script commands (a parser object, its argument arrays and two async wrappers per call)
 * or EVAL (the body sent, and hashed by Redis, on every call). A Redis that lost its scripts (restarted
 * without them, SCRIPT FLUSH) answers NOSCRIPT: then the same call goes out as EVAL with the body, which
 * also loads it for the next calls. RECORD_ANSWER (redis-answer-script.ts) does the same, unrolled.
 */
import { createHash } from 'node:crypto';
import { ErrorReply } from 'redis';

export type Send = (cmd: string[]) => Promise<unknown>;

export interface ShaScript {
  body: string;
  sha: string;
}

export function shaScript(body: string): ShaScript {
  return { body, sha: createHash('sha1').update(body).digest('hex') };
}

/** Runs `script` with `keys` and `args` through `send`: EVALSHA, EVAL after a NOSCRIPT. */
export async function evalSha(send: Send, script: ShaScript, keys: readonly string[], args: readonly string[]): Promise<unknown> {
  const cmd = ['EVALSHA', script.sha, String(keys.length), ...keys, ...args];
  try {
    return await send(cmd);
  } catch (err) {
    if (!(err instanceof ErrorReply) || !err.message.startsWith('NOSCRIPT')) throw err;
    cmd[0] = 'EVAL';
    cmd[1] = script.body;
    return await send(cmd);
  }
}
