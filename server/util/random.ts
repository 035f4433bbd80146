import { randomBytes, randomInt } from 'node:crypto';

/**
 * Random bytes for ids and tokens, drawn from one crypto buffer refilled 4 KB at a time (each byte
 * used once): one call into the crypto library per ~130 joins instead of two per join, which under a
 * join burst cost ~10 µs each (the same pooling crypto.randomUUID does). An id or token is encoded
 * straight from its bytes' place in the pool (`toString(encoding, start, end)`): no Buffer view each.
 */
const POOL_BYTES = 4096;
let pool = Buffer.alloc(0);
let used = 0;
/** Where the next `n` unused bytes start in `pool` (refilled first if they do not fit). */
function poolAt(n: number): number {
  if (used + n > pool.length) {
    pool = randomBytes(POOL_BYTES);
    used = 0;
  }
  const at = used;
  used += n;
  return at;
}
const encoded = (n: number): string => {
  const at = poolAt(n);
  return pool.toString('base64url', at, at + n);
};

/** URL-safe random secret (reconnect and host tokens): 24 bytes → 32 chars. */
export const randomToken = (): string => encoded(24);
/** Short public id for a player. */
export const randomId = (): string => encoded(6).replace(/[-_]/g, 'x');
/** 6-digit PIN without a leading zero. */
export const randomPin = (): string => String(randomInt(100_000, 1_000_000));
/** Uniform [0, 1) from the crypto RNG, for shuffles players must not predict. */
export const cryptoRng = (): number => randomInt(0, 2 ** 47) / 2 ** 47;
