/** Seedable shuffles: the engine takes its randomness as a function, so tests and replays are repeatable. */
export type Rng = () => number;

export function shuffle<T>(xs: readonly T[], rng: Rng): T[] {
  const out = xs.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** A shuffle of indices 0..n-1 that is never the identity when n > 1 (a "shuffled" list must not already be the answer). */
export function derangedOrder(n: number, rng: Rng): number[] {
  const base = [...Array(n).keys()];
  if (n < 2) return base;
  for (;;) {
    const p = shuffle(base, rng);
    if (p.some((v, i) => v !== i)) return p;
  }
}
