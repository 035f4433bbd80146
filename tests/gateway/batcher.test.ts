import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Batcher } from '../../server/gateway/batcher.js';
import type { IO } from '../../server/gateway/types.js';

type Sent = [string, string, { answered: number; counts?: { answered: number } }];
/** A fake io that records every emit as [channel, event, payload] (a broadcast `except` a channel as `channel-except`). */
function fakeIo() {
  const sent: Sent[] = [];
  const emitter = (channel: string) => ({ emit: (event: string, payload: Sent[2]) => sent.push([channel, event, payload]) });
  const io = { to: (channel: string) => ({ ...emitter(channel), except: (other: string) => emitter(`${channel}-${other}`) }) } as unknown as IO;
  return { io, sent };
}
/** One answer as answer.ts reports it: the players' count and the host's presence. */
function answer(b: Batcher, pin: string, index: number, answered: number, players: number) {
  b.progress(pin, index, answered, players);
  b.answered(pin, index, `p${answered}`, players, players, answered);
}
/** What the host heard of the answered count: host:presence counts. */
const hostCounts = (sent: Sent[], pin = '123456') => sent.filter(([c, e]) => c === `h:${pin}` && e === 'host:presence').map(([, , p]) => p.counts!.answered);

describe('Batcher: the answered count', () => {
  beforeEach(() => vi.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => vi.useRealTimers());

  it('reaches the host 4 times a second and the players once a second in a small room', () => {
    const { io, sent } = fakeIo();
    const b = new Batcher(io);
    for (let t = 0; t < 2000; t += 50) {
      answer(b, '123456', 0, t / 50 + 1, 30);
      vi.advanceTimersByTime(50);
    }
    vi.advanceTimersByTime(2000);
    const room = sent.filter(([c]) => c.startsWith('r:'));
    expect(room.length).toBeGreaterThanOrEqual(2);
    expect(room.length).toBeLessThanOrEqual(3);
    // Players' counts skip the host channel: the host hears the count once per flush, in host:presence only.
    expect(room.every(([c, e]) => c === 'r:123456-h:123456' && e === 'game:progress')).toBe(true);
    expect(sent.filter(([c, e]) => c.startsWith('h:') && e !== 'host:presence')).toEqual([]);
    const host = hostCounts(sent);
    expect(host.length).toBeGreaterThanOrEqual(2000 / 250 - 1);
    expect(host.length).toBeLessThanOrEqual(2000 / 250 + 1);
    expect(host.at(-1)).toBe(40);
    expect(room.at(-1)![2].answered).toBe(40);
    b.close();
  });

  it('reaches the players of a 2,000-player room once every 10 s, the host still 4 times a second', () => {
    const { io, sent } = fakeIo();
    const b = new Batcher(io);
    for (let t = 0; t < 12_000; t += 10) {
      answer(b, '123456', 0, t / 10 + 1, 2000);
      vi.advanceTimersByTime(10);
    }
    vi.advanceTimersByTime(20_000);
    const host = hostCounts(sent);
    const room = sent.filter(([c]) => c.startsWith('r:'));
    // 10 s after the first answer (not at once: see the next test), and 10 s after that with the final count.
    expect(room.length).toBe(2);
    expect(room[0][2].answered).toBeGreaterThanOrEqual(999);
    expect(room.at(-1)![2].answered).toBe(1200);
    expect(host.length).toBeGreaterThanOrEqual(12_000 / 250 - 4);
    expect(host.at(-1)).toBe(1200);
    b.close();
  });

  it('sends a big room no players\' count while its answers arrive within its turn: 2,000 answers in 2 s, each question, host 4 times a second', () => {
    const { io, sent } = fakeIo();
    const b = new Batcher(io);
    for (const index of [0, 1]) {
      for (let t = 0; t < 2000; t += 1) {
        answer(b, '123456', index, t + 1, 2000);
        vi.advanceTimersByTime(1);
      }
      // The question closes (the reveal carries the count); the next one opens a while later.
      vi.advanceTimersByTime(3000);
    }
    expect(sent.filter(([c]) => c.startsWith('r:'))).toEqual([]);
    expect(hostCounts(sent).length).toBeGreaterThanOrEqual(2 * (2000 / 250) - 2);
    // Left alone, the players still get the count once its turn comes (10 s after the question's first answer).
    vi.advanceTimersByTime(10_000);
    expect(sent.filter(([c]) => c.startsWith('r:')).map(([, , p]) => p.answered)).toEqual([2000]);
    b.close();
  });

  it('drops a closed question\'s count: a 2,000-player room that closes before the count\'s turn sends its players none for it, not even after a late ack; the next question counts again', () => {
    const { io, sent } = fakeIo();
    const b = new Batcher(io);
    const players = () => sent.filter(([c]) => !c.startsWith('h:'));
    for (let t = 0; t < 2000; t += 1) {
      b.progress('123456', 0, t + 1, 2000);
      vi.advanceTimersByTime(1);
    }
    b.questionClosed('123456', 0);
    const hostBefore = sent.length;
    b.progress('123456', 0, 1999, 2000); // an answer acknowledged just before the close, reported after it
    vi.advanceTimersByTime(30_000);
    expect(players()).toEqual([]);
    expect(sent.length).toBe(hostBefore);
    // The next question's count goes to the players once its turn comes, as before.
    b.progress('123456', 1, 1, 2000);
    vi.advanceTimersByTime(10_000);
    expect(players().map(([, e, p]) => [e, p.answered])).toEqual([['game:progress', 1]]);
    b.close();
  });

  it('gives the players of many rooms one budget: 150 rooms of 30 cost ~200 frames a second, every room still gets its final count, hosts 4 times a second', () => {
    const { io, sent } = fakeIo();
    const b = new Batcher(io);
    const pins = Array.from({ length: 150 }, (_, i) => String(200_000 + i));
    // Every room: 30 answers over 3 s, all rooms at once.
    for (let t = 0; t < 3000; t += 100) {
      for (const pin of pins) answer(b, pin, 0, t / 100 + 1, 30);
      vi.advanceTimersByTime(100);
    }
    const during = sent.filter(([c]) => c.startsWith('r:'));
    // 3 s at 5 ms per frame: ~600 frames (20 broadcasts of 30), not 150 rooms × 3 broadcasts × 30.
    expect(during.length * 30).toBeLessThanOrEqual(3000 / 5 + 30);
    for (const pin of pins) expect(hostCounts(sent, pin).filter((n) => n > 0).length, pin).toBeGreaterThanOrEqual(3000 / 250 - 2);
    vi.advanceTimersByTime(30_000);
    for (const pin of pins) {
      const last = sent.filter(([c]) => c === `r:${pin}-h:${pin}`).at(-1);
      expect(last?.[2].answered, pin).toBe(30);
    }
    b.close();
  });
});
