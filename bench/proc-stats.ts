/**
 * What every bench process (servers and bots alike) reports about itself over IPC: its event-loop delay
 * (`monitorEventLoopDelay`, 5 ms resolution), CPU time and share of one core since the last reset, and
 * memory after a full GC. The bots report it too, so a reader can tell the server's cost from the load
 * generator's: a bot whose own loop is late reads acks and frames late, and every latency it measures
 * grows by that much, whatever the server did. GC pauses (`PerformanceObserver` 'gc' entries: the main
 * thread's stop-the-world time) are counted too, since one pause delays every frame and ack behind it.
 */
import { constants, monitorEventLoopDelay, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import { getHeapSpaceStatistics } from 'node:v8';
import { allocStats, type AllocFigures } from './alloc-stats.js';
import { fromPerformance } from './phone.js';
import { schedstat } from './stalls.js';

export interface ProcStats {
  eldP50: number;
  eldP99: number;
  eldMax: number;
  cpuMs: number;
  /** Of cpuMs, the time in the kernel (system calls: every frame written to a socket is one). */
  sysMs?: number;
  wallMs: number;
  cpuShare: number;
  /**
   * Linux: the main thread's time runnable but waiting for a core since the reset (schedstat), ms. Every
   * frame and ack the process had to handle meanwhile waited too: the machine's other processes (the bots,
   * redis-server, other work) had both cores. Absent where there is no schedstat.
   */
  waitingMs?: number;
  /** GC pauses since the reset: how many, their total, the 99th percentile and the longest (ms). */
  gcCount: number;
  gcMs: number;
  gcP99: number;
  gcMax: number;
  /**
   * The same by V8's kind of collection (`gcKind`): scavenges (the young generation, stop-the-world, parallel)
   * apart from mark-compacts (the old generation: their final stop-the-world pause after concurrent marking),
   * so a reader can tell which kind makes the long pauses. Kinds with no pause in the window are absent.
   */
  gcByKind?: Record<string, { count: number; ms: number; p99: number; max: number }>;
  /**
   * V8's heap at the read, without forcing a GC (garbage included): used bytes, and of them in the old
   * generation; and the bytes promoted to the old generation by the window's GCs (old-generation growth
   * between GCs, bench/proc-stats.ts), what the next mark-compact will have to go through.
   */
  heap?: { usedMB: number; oldMB: number; promotedMB: number };
  /** What the window allocated, how many scavenges ran and what they kept (bench/alloc-stats.ts): figures the load does not move. */
  alloc?: AllocFigures;
  /**
   * Bench servers only (bench/server.ts): the window up to the last acknowledgement the server wrote in it —
   * its CPU and wall time from the reset to that ack, and the acks written. In a burst the answers' own
   * cost: what the server does after its last ack (the all-answered close and its result frames) is not in it.
   */
  toLastAck?: { cpuMs: number; wallMs: number; acks: number };
  /**
   * Bench servers only: the window up to the last `game:question` frame the server wrote in it (S1, the
   * fan-out as the server did it: CPU, of it in the kernel (a write per frame), and wall time from the
   * reset, frames written).
   */
  toLastQuestion?: { cpuMs: number; sysMs: number; wallMs: number; frames: number };
  /** Bench servers only, on Linux: each thread's on-CPU time over the window (ms) — `main`, and the others by name. */
  threadsMs?: Record<string, number>;
  /**
   * getrusage over the window: minor page faults (each a first touch of a page the heap or a buffer was given:
   * kernel time that grows with the memory the window takes), and context switches, voluntary (the process waited
   * for I/O or a lock) and involuntary (a core was taken from it).
   */
  rusage?: { minorFaults: number; voluntarySwitches: number; involuntarySwitches: number };
  /** The process and its window on the monotonic clock (ms; V8's CPU profiles count in it, µs): to cut a --cpu-prof profile to the window (bench/seat-profile.ts --stats). */
  pid?: number;
  mono?: [number, number];
}

/** V8's kind of a 'gc' entry (detail.kind) as a row's name: scavenge, mark-compact, incremental (marking steps), weak callbacks. */
export function gcKind(kind: number): string {
  if (kind === constants.NODE_PERFORMANCE_GC_MINOR) return 'scavenge';
  if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) return 'mark-compact';
  if (kind === constants.NODE_PERFORMANCE_GC_INCREMENTAL) return 'incremental marking';
  if (kind === constants.NODE_PERFORMANCE_GC_WEAKCB) return 'weak callbacks';
  return `kind ${kind}`;
}

/** Count, total, p99 and longest of a list of pauses (ms). */
export function pauseSummary(ms: number[]): { count: number; ms: number; p99: number; max: number } {
  const s = [...ms].sort((a, b) => a - b);
  return { count: s.length, ms: s.reduce((a, b) => a + b, 0), p99: s.length ? s[Math.min(s.length - 1, Math.floor(s.length * 0.99))] : 0, max: s.at(-1) ?? 0 };
}

/** The old generation's used bytes: every space but the young generation's (new_space, new_large_object_space). */
function oldBytes(): number {
  return getHeapSpaceStatistics()
    .filter((sp) => !sp.space_name.startsWith('new_'))
    .reduce((a, sp) => a + sp.space_used_size, 0);
}

export function procStats() {
  const eld = monitorEventLoopDelay({ resolution: 5 });
  eld.enable();
  let cpu0 = process.cpuUsage();
  let t0 = performance.now();
  // Read on the main thread (IPC handlers run there): /proc/thread-self is the main thread's.
  let sched0 = schedstat();
  let ru0 = process.resourceUsage();
  const mono = () => Number(process.hrtime.bigint()) / 1e6;
  let mono0 = mono();
  const gc = (globalThis as { gc?: () => void }).gc;
  let pauses: number[] = [];
  /** Each pause's start on the bench's one clock (`now()` in bench/phone.ts), its length and V8's kind (1 scavenge, 4 mark-compact…). */
  let events: [number, number, number][] = [];
  // Promoted bytes: the old generation's growth measured at each scavenge (read in the observer, just after it),
  // summed over the window; a mark-compact's shrink is not counted against it.
  let promoted = 0;
  let oldAt = oldBytes();
  const alloc = allocStats();
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      pauses.push(e.duration);
      const kind = (e as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind ?? 0;
      events.push([fromPerformance(e.startTime), e.duration, kind]);
    }
    const old = oldBytes();
    if (old > oldAt) promoted += old - oldAt;
    oldAt = old;
  }).observe({ entryTypes: ['gc'] });
  return {
    statsReset() {
      eld.reset();
      pauses = [];
      events = [];
      promoted = 0;
      oldAt = oldBytes();
      cpu0 = process.cpuUsage();
      t0 = performance.now();
      sched0 = schedstat();
      ru0 = process.resourceUsage();
      mono0 = mono();
      alloc.reset();
      return {};
    },
    statsRead(): ProcStats {
      const cpu = process.cpuUsage(cpu0);
      const wallMs = performance.now() - t0;
      const cpuMs = (cpu.user + cpu.system) / 1000;
      const all = pauseSummary(pauses);
      const kinds = new Map<string, number[]>();
      for (const [, ms, kind] of events) kinds.set(gcKind(kind), [...(kinds.get(gcKind(kind)) ?? []), ms]);
      const gcByKind = Object.fromEntries([...kinds].map(([k, ms]) => [k, pauseSummary(ms)]));
      const MB = 1024 * 1024;
      const heap = { usedMB: process.memoryUsage().heapUsed / MB, oldMB: oldBytes() / MB, promotedMB: promoted / MB };
      const allocated = alloc.read();
      const sched = schedstat();
      const waiting = sched && sched0 ? { waitingMs: (sched[1] - sched0[1]) / 1e6 } : {};
      const ru = process.resourceUsage();
      const rusage = { minorFaults: ru.minorPageFault - ru0.minorPageFault, voluntarySwitches: ru.voluntaryContextSwitches - ru0.voluntaryContextSwitches, involuntarySwitches: ru.involuntaryContextSwitches - ru0.involuntaryContextSwitches };
      return { ...waiting, rusage, pid: process.pid, mono: [mono0, mono()], eldP50: eld.percentile(50) / 1e6, eldP99: eld.percentile(99) / 1e6, eldMax: eld.max / 1e6, cpuMs, sysMs: cpu.system / 1000, wallMs, cpuShare: cpuMs / wallMs, gcCount: all.count, gcMs: all.ms, gcP99: all.p99, gcMax: all.max, gcByKind, heap, ...(allocated ? { alloc: allocated } : {}) };
    },
    /** The GC pauses since the reset: [start, ms, kind] (start on the bench's one clock). */
    gcEvents(): [number, number, number][] {
      return events;
    },
    async mem() {
      for (let i = 0; i < 3; i++) {
        gc?.();
        await new Promise((r) => setTimeout(r, 50));
      }
      const m = process.memoryUsage();
      return { heapUsed: m.heapUsed, rss: m.rss, external: m.external, gcExposed: Boolean(gc) };
    },
  };
}
