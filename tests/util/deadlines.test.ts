/** The shared deadline queue (server/util/deadlines.ts): the Redis store's calls and the shared limits' takes. */
import { describe, expect, it, vi } from 'vitest';
import { Deadlines, type Pending } from '../../server/util/deadlines.js';

describe('Deadlines', () => {
  it('a call added and answered at a time allocates nothing in the queue once warm: its slots are reused, not a new list each time it empties', async () => {
    const { allocStats } = await import('../../bench/alloc-stats.js');
    const d = new Deadlines(() => 0);
    const calls: Pending[] = Array.from({ length: 100 }, () => ({ deadline: 1_000_000, done: false, expire: () => {} }));
    const cycles = (n: number) => {
      for (let i = 0; i < n; i++) {
        const c = calls[i % 100] as { done: boolean };
        c.done = false;
        d.add(calls[i % 100]);
        c.done = true;
        d.settled();
      }
    };
    try {
      cycles(20_000); // warm: compiled, the timer armed
      const a = allocStats();
      a.reset();
      cycles(100_000);
      const perCall = a.read()!.allocatedBytes / 100_000;
      expect(d.size).toBe(0);
      // A list replaced by a new one each time the queue emptied allocated ~180 B per call (the list and its store).
      expect(perCall).toBeLessThan(24);
    } finally {
      d.stop();
    }
  });

  it('expires the calls in the order added, each at its own deadline, skipping the answered ones', () => {
    vi.useFakeTimers();
    try {
      const d = new Deadlines(Date.now);
      const t0 = Date.now();
      const expired: string[] = [];
      const call = (name: string, deadline: number): Pending => ({ deadline: t0 + deadline, done: false, expire: () => expired.push(`${name}@${Date.now() - t0}`) });
      const a = call('a', 30);
      const b = call('b', 40);
      const c = call('c', 50);
      for (const p of [a, b, c]) d.add(p);
      b.done = true;
      d.settled();
      expect(d.size).toBe(3); // b is behind a, still in flight
      vi.advanceTimersByTime(29);
      expect(expired).toEqual([]);
      vi.advanceTimersByTime(21);
      expect(expired).toEqual(['a@30', 'c@50']);
      expect(d.size).toBe(0);
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });
});
