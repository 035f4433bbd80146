/**
 * Coalesces the answers of one event-loop turn into one RECORD_ANSWER call per question and game
 * (redis-answer-script.ts), through the turn coalescer (turn-coalescer.ts: when the calls go out, how they
 * are grouped): each answer is still checked and recorded on its own, in arrival order, with its own result.
 *
 * Why (docs/performance-history.md, session 24): node-redis writes the commands queued in a turn at that turn's
 * setImmediate, and stops at its socket's 16 KB high-water mark, leaving the rest for a later turn (its
 * 'drain' schedules the next write at the next turn's setImmediate). An answer's EVALSHA is ~540 bytes,
 * so ~30 answers left per turn: in a 2,000-phone burst the server handled 100–370 answers a turn, and
 * their replies came back in clumps of 30 over the next 100–160 ms. One call per question and turn is
 * written whole whatever its size, names the six keys and the script once, and is one reply to parse.
 * The answers of a turn reach Redis after every other store command sent in that turn; each is still
 * checked against its own receipt time.
 */
import type { Send } from './redis-sha.js';
import { recordAnswersCall, type AnswerStatus, type RecordAnswersReply } from './redis-answer-script.js';
import { turnCoalescer, type TurnScript } from './turn-coalescer.js';

export interface AnswerOutcome {
  status: AnswerStatus;
  count: number;
  players: number;
  online: number;
}

/** At most this many answers per call: bounds the script's run (~10 µs of Redis each) in a turn of thousands. */
export const MAX_BATCH = 1000;

function outcome(reply: RecordAnswersReply, i: number): AnswerOutcome {
  return { status: reply[4 * i] as AnswerStatus, count: Number(reply[4 * i + 1]), players: Number(reply[4 * i + 2]), online: Number(reply[4 * i + 3]) };
}

/**
 * `record(keys, index, createdAt, id, at, json)`: one answer; `keys` are recordAnswerKeys (the same array for
 * every answer to one question: calls are grouped by it and by the game's createdAt, or '' for any game).
 * An answer's values in a call: its player id, `at` and JSON, as RECORD_ANSWER takes them.
 */
export function answerCoalescer(send: Send, ttl: string) {
  const script: TurnScript<string, RecordAnswersReply> = {
    max: MAX_BATCH,
    one: (keys, head, id, at, json) => recordAnswersCall(send, keys, head, [id, at, json!]).then((reply) => outcome(reply, 0)),
    push: (values, id, at, json) => void values.push(id, at, json!),
    call: (keys, head, values, settle, fail) => void recordAnswersCall(send, keys, head, values).then(settle, fail),
    read: (reply, _values, i) => outcome(reply, i),
  };
  return turnCoalescer(ttl, script) as (keys: readonly string[], index: string, createdAt: string, id: string, at: string, json: string) => Promise<AnswerOutcome>;
}
