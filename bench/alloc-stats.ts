/**
 * What a process allocates and what its scavenges keep, over a stats window — figures that do not move with
 * the machine's load (unlike pause lengths): V8's GCProfiler records the heap before and after every GC.
 *  - allocated: the bytes allocated in the window — at each GC, the heap's used bytes before it minus the used
 *    bytes after the previous one (or at the reset); then the growth since the last GC to the read. This sets how
 *    often a scavenge runs (each runs when the young generation's allocation space is full).
 *  - scavenges: how many ran; survived: what they kept — the young generation's used bytes after each (the
 *    objects copied within it) plus the old generation's growth across it (the objects promoted). A scavenge's
 *    pause is mostly the copying of these bytes.
 * A mark-compact's sweeping runs partly after its pause, so a window with one may count a little less freed
 * (and so a little more allocated before the next GC); S4's play has none (session 26).
 */
import { GCProfiler, getHeapStatistics } from 'node:v8';

interface HeapAt {
  heapStatistics: { usedHeapSize: number };
  heapSpaceStatistics: { spaceName: string; spaceUsedSize: number }[];
}
export interface GcRecord {
  gcType: string;
  beforeGC: HeapAt;
  afterGC: HeapAt;
}
export interface AllocFigures {
  allocatedBytes: number;
  scavenges: number;
  /** Summed over the scavenges: bytes left in the young generation after each (copied) and the old generation's growth across each (promoted). */
  copiedBytes: number;
  promotedBytes: number;
  /** All other GCs (mark-compacts, their incremental steps). */
  otherGcs: number;
  /**
   * Each full mark-compact of the window: the heap's used MB before and after it (what it kept is what its
   * marking went through, mostly on V8's worker threads: the bigger, the costlier), and the used MB at the window's start.
   */
  markCompacts: [number, number][];
  usedAtStartMB: number;
}

const young = (h: HeapAt) => h.heapSpaceStatistics.filter((s) => s.spaceName.startsWith('new_')).reduce((a, s) => a + s.spaceUsedSize, 0);
const old = (h: HeapAt) => h.heapStatistics.usedHeapSize - young(h);

/** The window's figures from its GC records, the used bytes at its start and at its end. */
export function allocFigures(gcs: GcRecord[], usedAtStart: number, usedAtEnd: number): AllocFigures {
  let allocatedBytes = 0;
  let last = usedAtStart;
  let scavenges = 0;
  let copiedBytes = 0;
  let promotedBytes = 0;
  let otherGcs = 0;
  const markCompacts: [number, number][] = [];
  const mb = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;
  for (const g of gcs) {
    if (g.gcType === 'MarkSweepCompact') markCompacts.push([mb(g.beforeGC.heapStatistics.usedHeapSize), mb(g.afterGC.heapStatistics.usedHeapSize)]);
    allocatedBytes += Math.max(0, g.beforeGC.heapStatistics.usedHeapSize - last);
    last = g.afterGC.heapStatistics.usedHeapSize;
    if (g.gcType === 'Scavenge' || g.gcType === 'MinorMarkCompact' || g.gcType === 'MinorMarkSweep') {
      scavenges++;
      copiedBytes += young(g.afterGC);
      promotedBytes += Math.max(0, old(g.afterGC) - old(g.beforeGC));
    } else otherGcs++;
  }
  allocatedBytes += Math.max(0, usedAtEnd - last);
  return { allocatedBytes, scavenges, copiedBytes, promotedBytes, otherGcs, markCompacts, usedAtStartMB: mb(usedAtStart) };
}

export function allocStats() {
  let profiler: GCProfiler | undefined;
  let usedAtStart = 0;
  return {
    reset(): void {
      profiler?.stop();
      profiler = new GCProfiler();
      usedAtStart = getHeapStatistics().used_heap_size;
      profiler.start();
    },
    read(): AllocFigures | undefined {
      if (!profiler) return undefined;
      const usedAtEnd = getHeapStatistics().used_heap_size;
      const data = profiler.stop() as unknown as { statistics: GcRecord[] } | undefined;
      profiler = undefined;
      return allocFigures(data?.statistics ?? [], usedAtStart, usedAtEnd);
    },
  };
}
