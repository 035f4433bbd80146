import type { ServerClock } from '../lib/clock.js';

/**
 * The server's time as this phone estimates it (ServerClock's offset), re-read every `everyMs` and exactly
 * at `at()` (e.g. the moment answers open), for the component that calls it during its setup. Every phone
 * countdown reads this, never a free-running local timer.
 */
export function serverNow(clock: ServerClock, everyMs = 250, at?: () => number | undefined): { readonly current: number } {
  let now = $state(clock.now());
  $effect(() => {
    const tick = () => (now = clock.now());
    tick();
    const id = setInterval(tick, everyMs);
    const target = at?.();
    const wait = target === undefined ? -1 : target - clock.now();
    const exact = wait >= 0 ? setTimeout(tick, wait + 1) : undefined;
    return () => {
      clearInterval(id);
      clearTimeout(exact);
    };
  });
  return {
    get current() {
      return now;
    },
  };
}
