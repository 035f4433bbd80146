/**
 * bench/ack-split.ts and bench/trace.ts: an answer's ack split into its way to the server, its time in the
 * server and its way back to the bot, by joining both sides' records of the same ack; and what the slowest
 * acks overlapped (GC pauses, late turns on a core or waiting for one).
 */
import { describe, expect, it } from 'vitest';
import { ackKey, incomingAckId, joinAcks, outgoingAckId, serverAckClock, summarize, type BotAck } from '../../bench/ack-split.js';
import { attribute, overlap, type Trace } from '../../bench/trace.js';

describe('ack ids in Socket.IO frames', () => {
  it('reads the ack id of an answer frame, and of no other event', () => {
    expect(incomingAckId('227["player:answer",{"pin":"123456","index":0}]', 'player:answer')).toBe(27);
    expect(incomingAckId('2["player:answer",{}]', 'player:answer')).toBeUndefined(); // no ack asked
    expect(incomingAckId('23["player:join",{}]', 'player:answer')).toBeUndefined();
    expect(incomingAckId('33[{"ok":true}]', 'player:answer')).toBeUndefined(); // an ack, not an event
  });
  it('reads the ack id of an ack frame only', () => {
    expect(outgoingAckId('327[{"ok":true,"receivedAt":1}]')).toBe(27);
    expect(outgoingAckId('2["game:progress",{}]')).toBeUndefined();
    expect(outgoingAckId('3[{}]')).toBeUndefined();
  });
});

describe("the server's clock of answer acks", () => {
  it('times each answer from its frame read to its ack written, per socket and ack id, and forgets at a reset', () => {
    const clock = serverAckClock();
    const a = clock.conn('sidA');
    const b = clock.conn('sidB');
    a.in('21["player:answer",{}]', 100);
    b.in('21["player:answer",{}]', 101);
    a.in('22["host:next",{}]', 102); // not an answer: its ack is not timed
    b.out('31[{"ok":true}]', 103.5);
    a.out('32[{"ok":true}]', 104);
    a.out('31[{"ok":true}]', 105);
    a.out('31[{"ok":true}]', 106); // an ack id answered already: nothing left to time
    expect(clock.read()).toEqual([
      { key: ackKey('sidB', 1), rxAt: 101, txAt: 103.5 },
      { key: ackKey('sidA', 1), rxAt: 100, txAt: 105 },
    ]);
    clock.reset();
    expect(clock.read()).toEqual([]);
  });
});

describe("the bare baseline's acks (S2 splits them as Cram Night's)", () => {
  it("times the bare server's ack and ack + Lua events, and still no other event", () => {
    const clock = serverAckClock();
    const a = clock.conn('sidA');
    a.in('21["answer",{"room":"r"}]', 10);
    a.in('22["answer-lua",{"room":"r"}]', 11);
    a.in('23["join",{"room":"r"}]', 12);
    a.out('31[{"ok":true}]', 12.5);
    a.out('33[{"ok":true}]', 13);
    a.out('32[{"ok":true}]', 14);
    expect(clock.read()).toEqual([
      { key: ackKey('sidA', 1), rxAt: 10, txAt: 12.5 },
      { key: ackKey('sidA', 2), rxAt: 11, txAt: 14 },
    ]);
  });
});

describe('an ack split into its parts', () => {
  const bot: BotAck[] = [
    { key: 'a:1', sentAt: 0, readAt: 9, doneAt: 10, bot: 0 },
    { key: 'b:1', sentAt: 0, doneAt: 50, bot: 1 },
    { key: 'c:1', sentAt: 0, doneAt: 5 }, // the server never saw it: counted, not split
  ];
  const server = [
    { key: 'a:1', rxAt: 2, txAt: 3 },
    { key: 'b:1', rxAt: 40, txAt: 41 },
  ];
  it('joins both sides by key: to the server, in the server, back to the bot', () => {
    const { splits, unmatched } = joinAcks(bot, server);
    expect(unmatched).toBe(1);
    expect(splits).toEqual([
      { key: 'a:1', bot: 0, sentAt: 0, total: 10, toServer: 2, inServer: 1, toBot: 7, inBot: 1 },
      { key: 'b:1', bot: 1, sentAt: 0, total: 50, toServer: 40, inServer: 1, toBot: 9 },
    ]);
  });
  it("says which part the slowest acks' time went to", () => {
    const splits = Array.from({ length: 50 }, (_, i) => ({ key: `k${i}`, sentAt: i, total: 5, toServer: 1, inServer: 1, toBot: 3 }));
    // The slowest ack waited 90 ms for the server to read it.
    splits.push({ key: 'slow', sentAt: 200, total: 100, toServer: 90, inServer: 2, toBot: 8 });
    const s = summarize(splits, 0);
    expect(s.acks).toBe(51);
    expect(s.tail.count).toBe(1);
    expect(s.tail.threshold).toBe(100);
    expect(s.tail.share.toServer).toBeCloseTo(0.9, 10);
    expect(s.tail.share.inServer).toBeCloseTo(0.02, 10);
    expect(s.tail.share.toBot).toBeCloseTo(0.08, 10);
    expect(s.p99.inServer).toBe(2); // with 51 acks, the p99 of a part is its slowest
  });
});

describe('what the slowest acks overlapped', () => {
  it('measures the overlap of two spans', () => {
    expect(overlap(0, 10, 5, 20)).toBe(5);
    expect(overlap(0, 10, 10, 20)).toBe(0);
    expect(overlap(0, 10, 2, 3)).toBe(1);
  });
  it('splits their wait into server GC, late server turns on a core or waiting for one, and their own bot', () => {
    const fast = Array.from({ length: 50 }, (_, i) => ({ key: `k${i}`, bot: 0, sentAt: 1000 + i, total: 2, toServer: 1, inServer: 0.5, toBot: 0.5 }));
    // One slow ack: sent at 0, read by the server at 60, acked at 61, its callback ran at 81.
    const slow = { key: 'slow', bot: 1, sentAt: 0, total: 81, toServer: 60, inServer: 1, toBot: 20 };
    const t: Trace = {
      label: 'test',
      splits: [...fast, slow],
      server: {
        frames: [
          [10, 'player:result'],
          [11, 'player:result'],
          [70, 'game:question'],
        ],
        // A 20 ms GC pause at 5; a turn 50 ms late from 10, 10 ms of it on a core and 40 waiting for one.
        gc: [[5, 20, 1]],
        stalls: [[10, 50, 10, 40]],
      },
      bots: [
        { gc: [], stalls: [] },
        // Its bot: a 10 ms GC at 65 (on the way back), and a late turn of 16 ms from 65, all waiting.
        { gc: [[65, 10, 1]], stalls: [[65, 16, 0, 16]] },
      ],
    };
    const a = attribute(t);
    expect(a.tail).toBe(1);
    expect(a.toServer).toEqual({ ms: 60, gcMs: 20, stallMs: 50, onCpuMs: 10, waitingMs: 40 });
    expect(a.toBot).toEqual({ ms: 20, gcMs: 10, stallMs: 16, onCpuMs: 0, waitingMs: 16 });
    expect(a.withServerGc).toBe(1);
    expect(a.withServerStall).toBe(1);
    expect(a.withBotGc).toBe(1);
    expect(a.framesWhileWaiting.tail).toEqual({ 'player:result': 2 });
    expect(a.server.stalls.waitingShare).toBeCloseTo(0.8, 10);
  });
});

describe('a CPU profile read over chosen windows', () => {
  it('sums each function’s self time over the samples that fall in the window only', async () => {
    const { selfTime } = await import('../../bench/profile-windows.js');
    const frame = (functionName: string) => ({ functionName, url: '', lineNumber: 0 });
    // Samples at 1, 2, 3, 4 ms (profile clock, µs); each stands for the time to the next one (1 ms).
    const p = { nodes: [{ id: 1, callFrame: frame('writev') }, { id: 2, callFrame: frame('(garbage collector)') }], startTime: 0, samples: [1, 2, 2, 1], timeDeltas: [1000, 1000, 1000, 1000] };
    expect(Object.fromEntries(selfTime(p, (ms) => ms >= 2 && ms <= 3))).toEqual({ '(garbage collector) ': 2 });
    expect(Object.fromEntries(selfTime(p, () => true))).toEqual({ 'writev ': 1, '(garbage collector) ': 2 });
  });
});
