/**
 * A fake node-redis `send` for the store files that coalesce a turn's calls to one script
 * (server/store/redis-answer-batch.ts, redis-join-batch.ts): it records each command it is given and answers
 * every item of it in turn, with a running count, or fails the calls it is told to.
 */
export interface FakeSendShape {
  /** Where the items' arguments start in a command: after EVALSHA, the sha, the key count, the keys and the head. */
  head: number;
  /** Arguments per item. */
  stride: number;
  /** The reply's values before the items' (JOIN_ROOMS: the room's JSON, or ''). */
  prefix?: readonly (string | number)[];
  /** One item's values in the reply, `n` the running count of items answered (1, 2, …). */
  item: (n: number) => (string | number)[];
  /** The calls (1 for the first sent) that fail with `error`, and answer nothing. */
  failing?: { calls: readonly number[]; error: Error };
}

export function fakeSend(shape: FakeSendShape) {
  const sent: string[][] = [];
  let count = 0;
  const send = (cmd: string[]): Promise<unknown> => {
    sent.push(cmd);
    if (shape.failing?.calls.includes(sent.length)) return Promise.reject(shape.failing.error);
    const reply: (string | number)[] = [...(shape.prefix ?? [])];
    for (let i = shape.head; i < cmd.length; i += shape.stride) reply.push(...shape.item(++count));
    return Promise.resolve(reply);
  };
  /** The items' first arguments (the player ids) in a command. */
  const ids = (cmd: string[]) => cmd.slice(shape.head).filter((_, i) => i % shape.stride === 0);
  return { send, sent, ids };
}

/** The next turn of the event loop: a setImmediate armed now has run. */
export const turn = () => new Promise((r) => setImmediate(r));
