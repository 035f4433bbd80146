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

const isNoScript = (err: unknown) => err instanceof ErrorReply && err.message.startsWith('NOSCRIPT');

/**
 * Sends `cmd`, an EVALSHA of `script` built by the caller (RECORD_ANSWER builds its own without spreads, on
 * the answer path); after a NOSCRIPT, the same command as EVAL with the body.
 */
export function sendEvalSha(send: Send, script: ShaScript, cmd: string[]): Promise<unknown> {
  return send(cmd).then(undefined, (err: unknown) => {
    if (!isNoScript(err)) throw err;
    cmd[0] = 'EVAL';
    cmd[1] = script.body;
    return send(cmd);
  });
}

/**
 * `script` as EVALSHA, after a NOSCRIPT as EVAL, each command from `command(true)` (EVALSHA and the sha) or
 * `command(false)` (EVAL and the body); the reply handed to `onReply`, whose result is the call's (an error it
 * throws rejects the call, as a throw after an `await` did). What a call holds while it waits for Redis, it
 * holds through every scavenge until the reply — in a burst of 5,000 joins that is all of them, promoted to
 * the old generation (docs/performance-history.md, session 30) — so it waits on one reaction, not an async
 * function's frame per layer, and keeps no command: node-redis drops its own once written, and a NOSCRIPT
 * builds the command again.
 */
export function evalShaThen<R, T>(send: Send, script: ShaScript, command: (evalSha: boolean) => string[], onReply: (reply: R) => T): Promise<T> {
  return (send(command(true)) as Promise<R>).then(onReply, (err: unknown) => {
    if (!isNoScript(err)) throw err;
    return (send(command(false)) as Promise<R>).then(onReply);
  });
}
