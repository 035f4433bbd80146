/** Ids and tokens from the pooled crypto bytes: the right shape, never repeated across pool refills. */
import { describe, expect, it, vi } from 'vitest';
import { randomId, randomToken } from '../../server/util/random.js';

describe('randomToken / randomId', () => {
  it('tokens are 32 URL-safe characters (24 bytes) and never repeat, across many refills of the pool', () => {
    // 20,000 tokens and ids use ~600 KB of random bytes: ~150 refills of the 4 KB pool.
    const tokens = new Set<string>();
    const ids = new Set<string>();
    for (let i = 0; i < 20_000; i++) {
      const t = randomToken();
      expect(t).toMatch(/^[A-Za-z0-9_-]{32}$/);
      tokens.add(t);
      const id = randomId();
      expect(id).toMatch(/^[A-Za-z0-9x]{8}$/);
      ids.add(id);
    }
    expect(tokens.size).toBe(20_000);
    // 48 random bits: a repeat among 20,000 is ~1e-6 likely.
    expect(ids.size).toBe(20_000);
  });

  it('uses every bit: each of the 64 characters turns up in every position of a token', () => {
    const seen = Array.from({ length: 32 }, () => new Set<string>());
    for (let i = 0; i < 4000; i++) [...randomToken()].forEach((c, j) => seen[j].add(c));
    // 4,000 draws of 64 equally likely characters: a character missing from a position is ~1e-25 likely.
    expect(seen.map((s) => s.size)).toEqual(Array(32).fill(64));
  });
});

describe('their cost', () => {
  it('each is encoded from its place in the pool, with no Buffer view of its bytes', () => {
    const subarray = vi.spyOn(Buffer.prototype, 'subarray');
    const slice = vi.spyOn(Buffer.prototype, 'slice');
    try {
      for (let i = 0; i < 500; i++) {
        randomToken();
        randomId();
      }
      expect(subarray).not.toHaveBeenCalled();
      expect(slice).not.toHaveBeenCalled();
    } finally {
      subarray.mockRestore();
      slice.mockRestore();
    }
  });
});
