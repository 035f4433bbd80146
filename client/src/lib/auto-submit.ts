import type { ServerClock } from './clock.js';

/** How long before the server's deadline a draft answer is sent on its own. */
const MARGIN_MS = 700;

/**
 * Calls `send` shortly before the question's deadline, so a player who built an answer but
 * did not press Submit still has it counted ("what was selected by then counts").
 * Returns a cleanup for $effect.
 */
export function submitBeforeDeadline(deadline: number, clock: ServerClock, send: () => void): () => void {
  const wait = deadline - clock.now() - MARGIN_MS;
  if (wait <= 0) return () => {};
  const id = setTimeout(send, wait);
  return () => clearTimeout(id);
}
