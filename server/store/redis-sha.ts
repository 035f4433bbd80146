/**
 * A Lua script sent as one EVALSHA array through a node-redis client's sendCommand, instead of
 * node-redis's script commands (a parser object, its argument arrays and two async wrappers per call)
 * or EVAL (the body sent, and hashed by Redis, on every call). A Redis that lost its scripts (restarted
 * without them, SCRIPT FLUSH) answers NOSCRIPT: then the same call goes out as EVAL with the body, which
 * also loads it for the next calls. RECORD_ANSWER (redis-answer-script.ts) builds its command unrolled and
 * sends it through sendEvalSha.
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
export function evalSha(send: Send, script: ShaScript, keys: readonly string[], args: readonly string[]): Promise<unknown> {
  return sendEvalSha(send, script, ['EVALSHA', script.sha, String(keys.length), ...keys, ...args]);
}

/**
 * Sends `cmd`, an EVALSHA of `script` built by the caller (RECORD_ANSWER builds its own without spreads, on
 * the answer path); after a NOSCRIPT, the same command as EVAL with the body.
 */
export async function sendEvalSha(send: Send, script: ShaScript, cmd: string[]): Promise<unknown> {
  try {
    return await send(cmd);
  } catch (err) {
    if (!(err instanceof ErrorReply) || !err.message.startsWith('NOSCRIPT')) throw err;
    cmd[0] = 'EVAL';
    cmd[1] = script.body;
    return await send(cmd);
  }
}
