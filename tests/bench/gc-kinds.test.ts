/**
 * bench/proc-stats.ts: the GC pauses split by V8's kind of collection (S4's "scavenge: pause p99" rows), and
 * the old generation's growth over the window (promoted bytes) — what makes the long pauses and how much
 * of the window's allocation outlived the young generation.
 */
import { constants } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { gcKind, pauseSummary, procStats } from '../../bench/proc-stats.js';

const settle = () => new Promise((r) => setTimeout(r, 50));

describe('GC pauses by kind', () => {
  it('names V8’s kinds', () => {
    expect(gcKind(constants.NODE_PERFORMANCE_GC_MINOR)).toBe('scavenge');
    expect(gcKind(constants.NODE_PERFORMANCE_GC_MAJOR)).toBe('mark-compact');
    expect(gcKind(constants.NODE_PERFORMANCE_GC_INCREMENTAL)).toBe('incremental marking');
    expect(gcKind(constants.NODE_PERFORMANCE_GC_WEAKCB)).toBe('weak callbacks');
  });

  it('summarizes pauses: count, total, p99, longest', () => {
    expect(pauseSummary([])).toEqual({ count: 0, ms: 0, p99: 0, max: 0 });
    const s = pauseSummary(Array.from({ length: 200 }, (_, i) => 200 - i));
    expect(s).toEqual({ count: 200, ms: 20_100, p99: 199, max: 200 });
  });

  it('splits the window’s pauses by kind and counts what it promoted', async () => {
    const stats = procStats();
    await settle();
    stats.statsReset();
    // Short-lived garbage (scavenges), then objects kept across many scavenges (promoted to the old generation).
    let sink = 0;
    for (let i = 0; i < 200_000; i++) sink += [i, i + 1, i + 2].length;
    const kept: number[][] = [];
    for (let i = 0; i < 400_000; i++) {
      kept.push([i, i]);
      sink += [i].length;
    }
    await settle();
    const s = stats.statsRead();
    expect(sink).toBeGreaterThan(0);
    expect(s.gcByKind?.scavenge?.count).toBeGreaterThan(0);
    // Every pause is in exactly one kind.
    const kinds = Object.values(s.gcByKind ?? {});
    expect(kinds.reduce((a, k) => a + k.count, 0)).toBe(s.gcCount);
    expect(Math.max(...kinds.map((k) => k.max))).toBe(s.gcMax);
    // 400,000 two-element arrays (~16 MB) outlived the scavenges that ran while they were made.
    expect(kept.length).toBe(400_000);
    expect(s.heap!.promotedMB).toBeGreaterThan(4);
    expect(s.heap!.oldMB).toBeGreaterThan(s.heap!.promotedMB / 2);
  });
});

describe('the promoted-bytes profile (bench/heap-sample.ts)', () => {
  it('sums self bytes by frame and by file, largest first', async () => {
    const { topFrames } = await import('../../bench/heap-sample.js');
    const frame = (functionName: string, url: string, lineNumber: number) => ({ functionName, url, lineNumber });
    const head = {
      callFrame: frame('(root)', '', -1),
      selfSize: 0,
      children: [
        { callFrame: frame('sendPacket', 'file:///app/node_modules/engine.io/build/socket.js', 385), selfSize: 300, children: [] },
        {
          callFrame: frame('flush', 'file:///app/server/gateway/batcher.ts', 0),
          selfSize: 100,
          children: [{ callFrame: frame('sendPacket', 'file:///app/node_modules/engine.io/build/socket.js', 385), selfSize: 50, children: [] }],
        },
      ],
    };
    const t = topFrames(head);
    expect(t.total).toBe(450);
    expect(t.frames[0]).toEqual(['sendPacket engine.io/build/socket.js:386', 350]);
    expect(t.files).toEqual([
      ['engine.io', 350],
      ['server/gateway/batcher.ts', 100],
      ['(native)', 0],
    ]);
  });
});
