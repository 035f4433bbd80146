/**
 * bench/settle.ts: before S1's window the bench waits until the server and the bots are quiet (each under
 * a share of one core over a step), or gives up after a bounded wait on a machine that never looks quiet.
 */
import { describe, expect, it } from 'vitest';
import type { ProcStats } from '../../bench/proc-stats.js';
import { settle } from '../../bench/settle.js';

const stats = (cpuShare: number) => ({ cpuShare }) as ProcStats;

/** A process whose successive windows show these CPU shares (the last one repeats); counts its resets. */
function fake(shares: number[]) {
  let step = 0;
  let resets = 0;
  const read = () => stats(shares[Math.min(step++, shares.length - 1)]);
  return {
    get resets() {
      return resets;
    },
    async call<T>(cmd: string): Promise<T> {
      if (cmd === 'statsReset') return void resets++ as T;
      if (cmd === 'statsRead') return read() as T;
      throw new Error(`unexpected ${cmd}`);
    },
    async statsReset() {
      resets++;
    },
    async statsRead() {
      return read();
    },
  };
}

const o = { stepMs: 5, share: 0.1, maxMs: 1000 };

describe('settle before a timed window', () => {
  it('returns after the first step in which the server and every bot are quiet', async () => {
    const server = fake([0.9, 0.5, 0.05]);
    const bots = fake([0.02]);
    await settle(server, bots, o);
    expect(server.resets).toBe(3);
    expect(bots.resets).toBe(3);
  });

  it('keeps waiting while the bots are busy, even with a quiet server', async () => {
    const server = fake([0.01]);
    const bots = fake([0.6, 0.6, 0.3, 0.08]);
    await settle(server, bots, o);
    expect(bots.resets).toBe(4);
  });

  it('gives up after its longest wait when nothing gets quiet', async () => {
    const server = fake([1]);
    const bots = fake([1]);
    const waited = await settle(server, bots, { ...o, maxMs: 60 });
    expect(waited).toBeGreaterThanOrEqual(60);
    expect(waited).toBeLessThan(1000);
    expect(server.resets).toBeGreaterThan(1);
  });
});
