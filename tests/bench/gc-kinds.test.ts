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

describe('the window’s page faults and its place on the monotonic clock', () => {
  it('counts the minor faults of memory first touched in the window, and gives the process and window for a CPU profile', async () => {
    const stats = procStats();
    await settle();
    const before = Number(process.hrtime.bigint()) / 1e6;
    stats.statsReset();
    // 64 MB the process has never touched: every 4 KB page is a minor fault when first written.
    const big = Buffer.allocUnsafeSlow(64 * 2 ** 20);
    big.fill(1);
    const s = stats.statsRead();
    const after = Number(process.hrtime.bigint()) / 1e6;
    expect(big[big.length - 1]).toBe(1);
    expect(s.rusage!.minorFaults).toBeGreaterThan(4000);
    expect(s.rusage!.voluntarySwitches).toBeGreaterThanOrEqual(0);
    expect(s.pid).toBe(process.pid);
    const [from, to] = s.mono!;
    expect(from).toBeGreaterThanOrEqual(before);
    expect(to).toBeGreaterThanOrEqual(from);
    expect(to).toBeLessThanOrEqual(after);
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

describe('allocated bytes and what scavenges kept (bench/alloc-stats.ts)', () => {
  it('sums each GC’s used bytes before it less those after the previous one, and the growth to the read', async () => {
    const { allocFigures } = await import('../../bench/alloc-stats.js');
    const at = (used: number, young: number) => ({
      heapStatistics: { usedHeapSize: used },
      heapSpaceStatistics: [
        { spaceName: 'new_space', spaceUsedSize: young },
        { spaceName: 'old_space', spaceUsedSize: used - young },
      ],
    });
    const f = allocFigures(
      [
        { gcType: 'Scavenge', beforeGC: at(50, 20), afterGC: at(46, 2) }, // copied 2; old 30 → 44: promoted 14
        { gcType: 'Scavenge', beforeGC: at(64, 22), afterGC: at(45, 3) }, // old 42 → 42: promoted 0
        { gcType: 'MarkCompact', beforeGC: at(60, 10), afterGC: at(20, 10) },
      ],
      30,
      25,
    );
    // (50 − 30) + (64 − 46) + (60 − 45) + (25 − 20)
    expect(f).toEqual({ allocatedBytes: 58, scavenges: 2, copiedBytes: 5, promotedBytes: 14, otherGcs: 1, markCompacts: [], usedAtStartMB: 0 });
  });

  it('lists each full mark-compact’s heap before and after it (MB), and the heap at the window’s start', async () => {
    const { allocFigures } = await import('../../bench/alloc-stats.js');
    const MB = 2 ** 20;
    const at = (used: number) => ({ heapStatistics: { usedHeapSize: used * MB }, heapSpaceStatistics: [{ spaceName: 'old_space', spaceUsedSize: used * MB }] });
    // As V8's GCProfiler names them: an incremental marking step, then the mark-compact that ends it.
    const f = allocFigures(
      [
        { gcType: 'IncrementalMarking', beforeGC: at(110), afterGC: at(110) },
        { gcType: 'MarkSweepCompact', beforeGC: at(118.14), afterGC: at(88.66) },
      ],
      30.04 * MB,
      95 * MB,
    );
    expect(f.markCompacts).toEqual([[118.1, 88.7]]);
    expect(f.usedAtStartMB).toBe(30);
    expect(f.otherGcs).toBe(2);
  });

  it('reads a real window: what a loop allocated, within the sampling’s bounds', async () => {
    const stats = procStats();
    await settle();
    stats.statsReset();
    let sink = 0;
    // 1,000,000 three-element arrays, each kept a moment in a ring (so none is optimized away): 32 bytes each
    // at least (the array's header and its elements' store).
    const ring: number[][] = new Array(1000);
    for (let i = 0; i < 1_000_000; i++) {
      ring[i % 1000] = [i, i + 1, i + 2];
      sink += ring[i % 1000].length;
    }
    const s = stats.statsRead();
    expect(sink).toBe(3_000_000);
    expect(s.alloc!.scavenges).toBeGreaterThan(0);
    expect(s.alloc!.allocatedBytes).toBeGreaterThan(32_000_000);
    expect(s.alloc!.allocatedBytes).toBeLessThan(200_000_000);
  });
});
