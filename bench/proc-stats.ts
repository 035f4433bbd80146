/**
 * What every bench process (servers and bots alike) reports about itself over IPC: its event-loop delay
 * (`monitorEventLoopDelay`, 5 ms resolution), CPU time and share of one core since the last reset, and
 * memory after a full GC. The bots report it too, so a reader can tell the server's cost from the load
 * generator's: a bot whose own loop is late reads acks and frames late, and every latency it measures
 * grows by that much, whatever the server did.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface ProcStats {
  eldP50: number;
  eldP99: number;
  eldMax: number;
  cpuMs: number;
  /** Of cpuMs, the time in the kernel (system calls: every frame written to a socket is one). */
  sysMs?: number;
  wallMs: number;
  cpuShare: number;
}

export function procStats() {
  const eld = monitorEventLoopDelay({ resolution: 5 });
  eld.enable();
  let cpu0 = process.cpuUsage();
  let t0 = performance.now();
  const gc = (globalThis as { gc?: () => void }).gc;
  return {
    statsReset() {
      eld.reset();
      cpu0 = process.cpuUsage();
      t0 = performance.now();
      return {};
    },
    statsRead(): ProcStats {
      const cpu = process.cpuUsage(cpu0);
      const wallMs = performance.now() - t0;
      const cpuMs = (cpu.user + cpu.system) / 1000;
      return { eldP50: eld.percentile(50) / 1e6, eldP99: eld.percentile(99) / 1e6, eldMax: eld.max / 1e6, cpuMs, sysMs: cpu.system / 1000, wallMs, cpuShare: cpuMs / wallMs };
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
