import { randomBytes, randomInt } from 'node:crypto';

/** URL-safe random secret (reconnect and host tokens): 24 bytes → 32 chars. */
export const randomToken = (): string => randomBytes(24).toString('base64url');
/** Short public id for a player. */
export const randomId = (): string => randomBytes(6).toString('base64url').replace(/[-_]/g, 'x');
/** 6-digit PIN without a leading zero. */
export const randomPin = (): string => String(randomInt(100_000, 1_000_000));
/** Uniform [0, 1) from the crypto RNG, for shuffles players must not predict. */
export const cryptoRng = (): number => randomInt(0, 2 ** 47) / 2 ** 47;
