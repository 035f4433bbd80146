/**
 * Coalesces the answers of one event-loop turn into one RECORD_ANSWER call per question
 * (redis-answer-script.ts): each answer is still checked and recorded on its own, in arrival order,
 * with its own result.
 *
 * Why (docs/performance-history.md, session 24): node-redis writes the commands queued in a turn at that turn's
 * setImmediate, and stops at its socket's 16 KB high-water mark, leaving the rest for a later turn (its
 * 'drain' schedules the next write at the next turn's setImmediate). An answer's EVALSHA is ~540 bytes,
 * so ~30 answers left per turn: in a 2,000-phone burst the server handled 100–370 answers a turn, and
 * their replies came back in clumps of 30 over the next 100–160 ms. One call per question and turn is
 * written whole whatever its size, names the six keys and the script once, and is one reply to parse.
 *
 * When: the first answer of a turn is sent at once, as a call of its own, after arming a setImmediate
 * for the rest; node-redis arms its write at that first send, after ours, so the answers that came later
 * in the same turn go out in that same write. (If another store command armed node-redis's write earlier
 * in the turn, the rest go out in the next turn's write: one turn later, as any command queued now.)
 * The answers of a turn thus reach Redis after every other store command sent in that turn; each is
 * still checked against its own receipt time.
 */
import type { Send } from './redis-sha.js';
import { recordAnswersCall, type AnswerStatus, type RecordAnswersReply } from './redis-answer-script.js';

export interface AnswerOutcome {
  status: AnswerStatus;
  count: number;
  players: number;
  online: number;
}

/** At most this many answers per call: bounds the script's run (~10 µs of Redis each) in a turn of thousands. */
export const MAX_BATCH = 1000;

interface Batch {
  keys: readonly string[];
  head: string[];
  /** Three values per answer (redis-answer-script.ts). */
  answers: string[];
  resolve: ((r: AnswerOutcome) => void)[];
  reject: ((err: unknown) => void)[];
}

function outcome(reply: RecordAnswersReply, i: number): AnswerOutcome {
  return { status: reply[4 * i] as AnswerStatus, count: Number(reply[4 * i + 1]), players: Number(reply[4 * i + 2]), online: Number(reply[4 * i + 3]) };
}

function sendBatch(send: Send, b: Batch): void {
  recordAnswersCall(send, b.keys, b.head, b.answers).then(
    (reply) => {
      for (let i = 0; i < b.resolve.length; i++) b.resolve[i](outcome(reply, i));
    },
    (err: unknown) => {
      for (const reject of b.reject) reject(err);
    },
  );
}

/**
 * `record(keys, head, id, at, json)`: one answer; `keys` are recordAnswerKeys (the same array for every
 * answer to one question: calls are grouped by it and by the game's createdAt, head[2]).
 */
export function answerCoalescer(send: Send) {
  /** The rest of this turn's answers, by question (keys) and game (createdAt). */
  const pending = new Map<readonly string[], Batch[]>();
  let armed = false;

  const flush = (): void => {
    armed = false;
    for (const batches of pending.values()) for (const b of batches) sendBatch(send, b);
    pending.clear();
  };

  return function record(keys: readonly string[], head: string[], id: string, at: string, json: string): Promise<AnswerOutcome> {
    if (!armed) {
      // Armed before the send below arms node-redis's own write: the rest of the turn goes out with it.
      armed = true;
      setImmediate(flush);
      return recordAnswersCall(send, keys, head, [id, at, json]).then((reply) => outcome(reply, 0));
    }
    let batches = pending.get(keys);
    if (!batches) pending.set(keys, (batches = []));
    let b = batches.find((x) => x.head[2] === head[2] && x.resolve.length < MAX_BATCH);
    if (!b) batches.push((b = { keys, head, answers: [], resolve: [], reject: [] }));
    b.answers.push(id, at, json);
    const batch = b;
    return new Promise<AnswerOutcome>((resolve, reject) => {
      batch.resolve.push(resolve);
      batch.reject.push(reject);
    });
  };
}
