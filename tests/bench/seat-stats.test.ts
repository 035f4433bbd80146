/**
 * BENCH_SEAT_STATS (bench/run.ts, room-rows.ts seatStatsLine): each seat's server windows as one JSON line, and
 * `bench/seat-profile.ts --stats` cutting a CPU profile of the compiled servers to a window of that line (the
 * process found by the profile's file name, the window by its monotonic times).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SeatFigures } from '../../bench/one-room.js';
import type { ProcStats } from '../../bench/proc-stats.js';
import { seatStatsLine } from '../../bench/room-rows.js';

const stats = (pid: number, mono: [number, number], cpuMs: number): ProcStats =>
  ({ eldP50: 1, eldP99: 2, eldMax: 3, cpuMs, wallMs: mono[1] - mono[0], cpuShare: 0.5, gcCount: 1, gcMs: 1, gcP99: 1, gcMax: 1, gcByKind: { 'mark-compact': { count: 1, ms: 5, p99: 5, max: 5 } }, threadsMs: { main: cpuMs * 0.7, node: cpuMs * 0.3 }, rusage: { minorFaults: 9, voluntarySwitches: 1, involuntarySwitches: 2 }, pid, mono });

describe('BENCH_SEAT_STATS', () => {
  it('writes one line per seat with both windows as the server reported them', () => {
    const seat: SeatFigures = { connectMs: 900, joinMs: 300, connectStats: stats(42, [1000, 1900], 800), joinStats: stats(42, [1950, 2250], 200), joinLat: [1, 2] };
    const line = seatStatsLine('redis', 5000, 2, seat);
    expect(line.endsWith('\n')).toBe(true);
    expect(line.trim().includes('\n')).toBe(false);
    const back = JSON.parse(line) as { side: string; n: number; trial: number; connectMs: number; joinMs: number; connect: ProcStats; join: ProcStats };
    expect(back).toMatchObject({ side: 'redis', n: 5000, trial: 2, connectMs: 900, joinMs: 300 });
    expect(back.connect.gcByKind?.['mark-compact']?.count).toBe(1);
    expect(back.connect.threadsMs).toEqual({ main: 560, node: 240 });
    expect(back.join.mono).toEqual([1950, 2250]);
    expect(back).not.toHaveProperty('joinLat');
  });

  it('lets seat-profile --stats cut a profile to the connect or the join window of its process', () => {
    const dir = mkdtempSync(join(tmpdir(), 'seat-stats-'));
    // A profile of 30 samples 10 ms apart from 1,000 ms on the monotonic clock (µs in the profile): 10 in a
    // function `connecting`, then 10 in `joining`, then 10 idle; the connect window 1,000–1,095 ms, the join 1,100–1,195.
    const frame = (id: number, functionName: string, children?: number[]) => ({ id, callFrame: { functionName, url: '', lineNumber: -1, scriptId: '0', columnNumber: -1 }, hitCount: 0, ...(children && { children }) });
    const profile = {
      nodes: [frame(1, '(root)', [2, 3, 4]), frame(2, 'connecting'), frame(3, 'joining'), frame(4, '(idle)')],
      startTime: 1_000_000,
      endTime: 1_300_000,
      samples: [...Array(10).fill(2), ...Array(10).fill(3), ...Array(10).fill(4)],
      timeDeltas: [0, ...Array(29).fill(10_000)],
    };
    const prof = join(dir, 'CPU.20261204.220000.4242.0.001.cpuprofile');
    writeFileSync(prof, JSON.stringify(profile));
    const other = stats(7, [0, 5000], 1);
    const seats = join(dir, 'seats.jsonl');
    writeFileSync(
      seats,
      seatStatsLine('bare', 100, 0, { connectMs: 1, joinMs: 1, connectStats: other, joinStats: other, joinLat: [] }) +
        seatStatsLine('memory', 100, 0, { connectMs: 95, joinMs: 95, connectStats: stats(4242, [1000, 1095], 90), joinStats: stats(4242, [1100, 1195], 90), joinLat: [] }),
    );
    const run = (window: string) => execFileSync('npx', ['tsx', 'bench/seat-profile.ts', prof, seats, '--stats', '--window', window, '--top', '3'], { encoding: 'utf8' });
    const connect = run('0');
    expect(connect).toMatch(/window 0: 95 ms wall, 100 ms of samples/);
    expect(connect).toMatch(/100\.0 ms {2}connecting/);
    expect(connect).not.toMatch(/joining/);
    const joining = run('1');
    expect(joining).toMatch(/window 1: 95 ms wall/);
    expect(joining).toMatch(/joining/);
    expect(joining).not.toMatch(/connecting/);
  }, 30_000);
});
