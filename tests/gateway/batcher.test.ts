import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Batcher } from '../../server/gateway/batcher.js';
import type { IO } from '../../server/gateway/types.js';

/** A fake io that records every emit as [channel, event, payload]. */
function fakeIo() {
  const sent: [string, string, { answered: number }][] = [];
  const io = { to: (channel: string) => ({ emit: (event: string, payload: { answered: number }) => sent.push([channel, event, payload]) }) } as unknown as IO;
  return { io, sent };
}

describe('Batcher: the answered count', () => {
  beforeEach(() => vi.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => vi.useRealTimers());

  it('reaches the host 4 times a second and the players once a second in a small room', () => {
    const { io, sent } = fakeIo();
    const b = new Batcher(io);
    for (let t = 0; t < 2000; t += 50) {
      b.progress('123456', 0, t / 50 + 1, 30);
      vi.advanceTimersByTime(50);
    }
    vi.advanceTimersByTime(2000);
    const host = sent.filter(([c]) => c.startsWith('h:'));
    const room = sent.filter(([c]) => !c.startsWith('h:'));
    expect(room.length).toBeGreaterThanOrEqual(2);
    expect(room.length).toBeLessThanOrEqual(3);
    // The host hears it through the room broadcast too (it is in the room channel).
    expect(host.length + room.length).toBeGreaterThanOrEqual(7);
    expect(room.at(-1)![2].answered).toBe(40);
    b.close();
  });

  it('reaches the players of a 2,000-player room once every 10 s, the host still 4 times a second', () => {
    const { io, sent } = fakeIo();
    const b = new Batcher(io);
    for (let t = 0; t < 12_000; t += 10) {
      b.progress('123456', 0, t / 10 + 1, 2000);
      vi.advanceTimersByTime(10);
    }
    vi.advanceTimersByTime(20_000);
    const host = sent.filter(([c]) => c.startsWith('h:'));
    const room = sent.filter(([c]) => !c.startsWith('h:'));
    // 10 s after the first answer (not at once: see the next test), and 10 s after that with the final count.
    expect(room.length).toBe(2);
    expect(room[0][2].answered).toBeGreaterThanOrEqual(999);
    expect(room.at(-1)![2].answered).toBe(1200);
    expect(host.length).toBeGreaterThanOrEqual(12_000 / 250 - 4);
    b.close();
  });

  it('sends a big room no players\' count while its answers arrive within its turn: 2,000 answers in 2 s, each question, host 4 times a second', () => {
    const { io, sent } = fakeIo();
    const b = new Batcher(io);
    for (const index of [0, 1]) {
      for (let t = 0; t < 2000; t += 1) {
        b.progress('123456', index, t + 1, 2000);
        vi.advanceTimersByTime(1);
      }
      // The question closes (the reveal carries the count); the next one opens a while later.
      vi.advanceTimersByTime(3000);
    }
    expect(sent.filter(([c]) => !c.startsWith('h:'))).toEqual([]);
    expect(sent.filter(([c]) => c.startsWith('h:')).length).toBeGreaterThanOrEqual(2 * (2000 / 250) - 2);
    // Left alone, the players still get the count once its turn comes (10 s after the question's first answer).
    vi.advanceTimersByTime(10_000);
    expect(sent.filter(([c]) => !c.startsWith('h:')).map(([, , p]) => p.answered)).toEqual([2000]);
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
      for (const pin of pins) b.progress(pin, 0, t / 100 + 1, 30);
      vi.advanceTimersByTime(100);
    }
    const during = sent.filter(([c]) => !c.startsWith('h:'));
    // 3 s at 5 ms per frame: ~600 frames (20 broadcasts of 30), not 150 rooms × 3 broadcasts × 30.
    expect(during.length * 30).toBeLessThanOrEqual(3000 / 5 + 30);
    for (const pin of pins) expect(sent.filter(([c, , p]) => c === `h:${pin}` && p.answered > 0).length, pin).toBeGreaterThanOrEqual(3000 / 250 - 2);
    vi.advanceTimersByTime(30_000);
    for (const pin of pins) {
      const last = sent.filter(([c]) => c === `r:${pin}`).at(-1);
      expect(last?.[2].answered, pin).toBe(30);
    }
    b.close();
  });
});
