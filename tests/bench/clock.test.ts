/**
 * bench/phone.ts `now()`: the bench's one clock for all its processes is the machine's monotonic clock, so a
 * wall-clock step (the VM's snapshot, session 31's run 7) cannot set two processes apart. It was
 * `performance.timeOrigin + performance.now()`: a wall time read when each process started, so a server started
 * after a step ran 5.5 s ahead of bots started before it (S4's ack split: 5,498 / −5,490 ms).
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { clockSkew, fromPerformance, now } from '../../bench/phone.js';

const monotonicMs = () => Number(process.hrtime.bigint()) / 1e6;

describe('bench clock', () => {
  it('now() is CLOCK_MONOTONIC (process.hrtime), not a wall time fixed at the process start', () => {
    const a = monotonicMs();
    const t = now();
    const b = monotonicMs();
    expect(t).toBeGreaterThanOrEqual(a - 1);
    expect(t).toBeLessThanOrEqual(b + 1);
  });

  it('another process reads the same clock (its now() lies between two of ours)', () => {
    const before = now();
    // A plain node child reads CLOCK_MONOTONIC as now() does: process.hrtime.
    const child = Number(execFileSync(process.execPath, ['-e', 'process.stdout.write(String(Number(process.hrtime.bigint()) / 1e6))'], { encoding: 'utf8' }));
    const after = now();
    expect(child).toBeGreaterThanOrEqual(before - 1);
    expect(child).toBeLessThanOrEqual(after + 1);
  });

  it("a PerformanceEntry's startTime maps onto now()'s clock", () => {
    const p = performance.now();
    expect(Math.abs(fromPerformance(p) - now())).toBeLessThan(5);
  });

  it('clockSkew() turns a now() time into the wall clock', () => {
    expect(Math.abs(now() + clockSkew() - Date.now())).toBeLessThan(5);
  });
});
