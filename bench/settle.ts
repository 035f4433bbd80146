/**
 * Before a timed window: wait until the server and the bot processes are quiet, as a real host starts the
 * game a moment after the last phone joined, not in the same millisecond. Without it, what the join left
 * running lands in the next window: a major GC that the join's allocations started finishes its
 * concurrent work (sweeping on V8's worker threads, 70–250 ms of CPU at 5,000 phones) during the question
 * fan-out, on the same 2 cores the fan-out already fills (docs/performance-history.md, session 22).
 */
import type { Fleet } from './fleet.js';
import type { Proc } from './ipc.js';
import { now } from './phone.js';
import type { ProcStats } from './proc-stats.js';

/** One look: the CPU each process took over this many ms. */
export const QUIET_STEP_MS = 100;
/** Quiet: every process under this share of one core over a step (an idle server with 5,000 sockets answers pings at ~2 %). */
export const QUIET_SHARE = 0.1;
/** The longest wait: a busy machine may never look quiet, and the window then starts anyway. */
export const SETTLE_MAX_MS = 3000;

type Measured = Pick<Proc, 'call'>;
type Bots = Pick<Fleet, 'statsReset' | 'statsRead'>;

/** Waits for a quiet step (or `maxMs`); resolves with the time waited (ms). */
export async function settle(server: Measured, fleet: Bots, o = { stepMs: QUIET_STEP_MS, share: QUIET_SHARE, maxMs: SETTLE_MAX_MS }): Promise<number> {
  const t0 = now();
  while (now() - t0 < o.maxMs) {
    await Promise.all([server.call('statsReset'), fleet.statsReset()]);
    await new Promise((resolve) => setTimeout(resolve, o.stepMs));
    const [s, b] = await Promise.all([server.call<ProcStats>('statsRead'), fleet.statsRead()]);
    if (s.cpuShare < o.share && b.cpuShare < o.share) break;
  }
  return now() - t0;
}
