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

/** A seeded generator (mulberry32): the same seed gives the same shuffles on every process. */
export function seededRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
