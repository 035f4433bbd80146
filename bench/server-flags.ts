/**
 * The Node flags of the bench's server processes: the game server's own (scripts/node-flags.mjs — what
 * `npm start` and the container give it; none today), so the bench measures the server as it runs, then `--expose-gc`
 * (the stats' full GC before a heap reading) and BENCH_SERVER_FLAGS's extras. The bare baseline gets the
 * same, so a ratio compares the two servers, not two heap configurations.
 */
import { SERVER_NODE_FLAGS } from '../scripts/node-flags.mjs';

export function serverExecArgv(extra = process.env.BENCH_SERVER_FLAGS): string[] {
  return [...SERVER_NODE_FLAGS, '--expose-gc', ...(extra?.split(' ').filter(Boolean) ?? [])];
}
