import { describe, expect, it } from 'vitest';
import type { Split } from '../../bench/ack-split.js';
import { turnFigures, watchTurns, type Turn } from '../../bench/turns.js';

const split = (sentAt: number, toServer: number): Split => ({ key: `k${sentAt}`, sentAt, toServer, inServer: 0, toBot: 1, total: toServer + 1 });

describe('bench/turns.ts', () => {
  it('counts rooms moving on per turn, the turns’ lengths and the transitions the slowest acks waited through', () => {
    const turns: Turn[] = [
      [0, 2, 0, 0, 3],
      [2, 5, 1, 31, 1],
      [5, 40, 3, 92, 0],
      [40, 42, 0, 0, 2],
      [42, 44, 2, 61, 0],
    ];
    // 50 quick acks (the p99 of 51 is the slowest), and one that waited from 3 to 41 ms to be read: through the turns [2, 5], [5, 40], [40, 42].
    const splits = [...Array.from({ length: 50 }, (_, i) => split(100 + i, 1)), split(3, 38)];
    const f = turnFigures(turns, splits);
    expect(f.transitions).toBe(6);
    expect(f.byCount).toEqual({ '1': 1, '2': 1, '3': 1, '4+': 0 });
    expect(f.sharedShare).toBeCloseTo(5 / 6);
    expect(f.length.several).toMatchObject({ n: 2, max: 35 });
    expect(f.late).toEqual({ n: 1, meanTransitions: 3, maxTransitions: 3, withTransition: 1 });
    expect(f.tailWaitedThrough.mean).toBe(4);
  });

  it('keeps a turn per timer tick with what it wrote and read, naming each room’s transition once per event', async () => {
    const w = watchTurns();
    await new Promise((r) => setTimeout(r, 5));
    w.reset();
    for (let i = 0; i < 30; i++) w.frame('game:question', '111111');
    w.frame('game:question', '222222');
    w.frame('game:question', undefined); // a host's socket: counted as a frame, not as a room
    w.frame('host:presence', '111111'); // not a transition
    w.answerRead();
    await new Promise((r) => setTimeout(r, 10));
    const kept = w.read();
    expect(kept.length).toBeGreaterThanOrEqual(1);
    const [start, end, rooms, frames, reads] = kept[0];
    expect(end).toBeGreaterThan(start);
    expect([rooms, frames, reads]).toEqual([2, 32, 1]);
  });
});
