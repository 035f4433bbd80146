/**
 * The slow-reader watch measures its sockets in SLICES steps a round, so no step holds the event loop
 * for all of them: every socket is measured once a round, sockets that come or go meanwhile are fine.
 */
import { describe, expect, it } from 'vitest';
import type { IO } from '../../server/gateway/types.js';
import { SLICES, SlowReaderWatch } from '../../server/security/slow-readers.js';

function fakeSockets(n: number) {
  const measured: string[] = [];
  const closed: string[] = [];
  const sockets = new Map<string, unknown>();
  const add = (id: string, queued = 0) =>
    sockets.set(id, {
      data: {},
      conn: {
        get writeBuffer() {
          measured.push(id);
          return [{ data: 'x'.repeat(queued) }];
        },
        close: () => {
          closed.push(id);
          sockets.delete(id);
        },
      },
    });
  for (let i = 0; i < n; i++) add(`s${i}`);
  const io = { of: () => ({ sockets }) } as unknown as IO;
  return { io, sockets, measured, closed, add };
}
const quiet = { warn: () => {} };

describe('SlowReaderWatch steps', () => {
  it('measures every socket once per round of SLICES steps, about a tenth each step', () => {
    const f = fakeSockets(1003);
    const w = new SlowReaderWatch(f.io, 1000, quiet);
    const perStep: number[] = [];
    for (let s = 0; s < SLICES; s++) {
      const before = f.measured.length;
      w.step();
      perStep.push(f.measured.length - before);
    }
    expect(f.measured.length).toBe(1003);
    expect(new Set(f.measured).size).toBe(1003);
    expect(Math.max(...perStep)).toBeLessThanOrEqual(Math.ceil(1003 / SLICES));
    // The next round starts over.
    w.step();
    expect(f.measured.slice(1003)).toEqual(f.measured.slice(0, Math.ceil(1003 / SLICES)));
  });

  it('cuts off a slow reader found in any step, and copes with sockets coming and going mid-round', () => {
    const f = fakeSockets(100);
    const w = new SlowReaderWatch(f.io, 1000, quiet);
    f.add('late-slow', 5000);
    w.step();
    f.sockets.delete('s50');
    f.add('slow-too', 2000);
    for (let s = 1; s < SLICES; s++) w.step();
    expect(f.closed.sort()).toEqual(['late-slow', 'slow-too']);
    expect(w.cut).toBe(2);
    expect(f.measured).not.toContain('s50');
  });

  it('a round over no sockets is harmless', () => {
    const f = fakeSockets(0);
    const w = new SlowReaderWatch(f.io, 1000, quiet);
    for (let s = 0; s < 3 * SLICES; s++) w.step();
    expect(f.measured).toEqual([]);
  });
});
