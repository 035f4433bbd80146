/**
 * The hardening settings (issue 15), gathered from server/config.ts (where the deployment settings
 * and their defaults live) for the security code: per-address limits, origins, trusted proxy,
 * long-polling. Every figure is explained in docs/security.md.
 * The defaults are what a real classroom behind one address needs (300 players joining one room
 * within a minute, 30 teachers creating rooms) while a flood from that address is slowed to a trickle:
 *   connect 120/60+600/600: 300 phones in a minute (120 + 180 of the burst), a reconnect storm on top;
 *   create 2/60+30/1800: 30 teachers within a minute; a flood gets 2 a minute + 30 a half hour;
 *   failed look-ups 6/60+30/3600: a class's mistyped PINs; a guesser gets ~390 guesses an hour;
 *   joins 30/60+300/600 into one room: 300 in a minute, then 30 a minute (the host can lock).
 */

import { defaultConfig, type Config } from '../config.js';

/** `points` per `seconds`, refilled as a whole window (a fixed window: budget.ts). */
export interface Rate {
  points: number;
  seconds: number;
}

/** A steady rate, plus a larger burst budget drawn on only when the steady rate is spent (budget.ts). */
export interface RateSpec {
  steady: Rate;
  burst?: Rate;
}

export type LimitName = 'connect' | 'create' | 'lookupFail' | 'join';

export interface SecuritySettings {
  limits: Record<LimitName, RateSpec>;
  /** Sockets one address may hold open on one process at once. */
  socketsPerAddress: number;
  /** Per socket: player events and host commands, each its own token bucket. */
  socketRate: { perSecond: number; burst: number };
  hostRate: { perSecond: number; burst: number };
  /**
   * Proxies whose X-Forwarded-For is believed (IPs or CIDRs, e.g. `127.0.0.1, 10.0.0.0/8`).
   * Empty: the TCP peer is the client, X-Forwarded-For is ignored.
   */
  trustedProxies: string[];
  /** Origins besides PUBLIC_URL's (and the request's own host) that may open sockets and POST. */
  allowedOrigins: string[];
  /** Socket.IO long-polling transport (off: WebSocket only, as our client connects). */
  allowPolling: boolean;
  /** Bytes one socket may have queued unsent before it is cut off (a reader that never reads). */
  maxSocketBuffer: number;
  /** Live rooms created by this process / in the store in all; a lobby whose host has gone and nobody joined expires after lobbyIdleMs. */
  maxRoomsPerProcess: number;
  maxRoomsTotal: number;
  lobbyIdleMs: number;
  /** Deadline of one limiter call against Redis; past it, the process's own memory limiter decides. */
  limiterTimeoutMs: number;
}

/** What is not a deployment setting: per-socket buckets, limiter deadline. */
export const DEFAULT_SECURITY = {
  socketRate: { perSecond: 10, burst: 30 },
  hostRate: { perSecond: 20, burst: 100 },
  limiterTimeoutMs: 500,
};

/** The settings from the validated config (server/config.ts, where each default is explained), then `over` (tests). */
export function securitySettings(config: Config = defaultConfig(), over: Partial<SecuritySettings> = {}): SecuritySettings {
  const base: SecuritySettings = {
    ...DEFAULT_SECURITY,
    limits: { connect: config.limitConnect, create: config.limitCreate, lookupFail: config.limitFailedLookups, join: config.limitJoins },
    socketsPerAddress: config.socketsPerAddress,
    trustedProxies: config.trustedProxies ?? [],
    allowedOrigins: config.allowedOrigins ?? [],
    allowPolling: config.allowPolling,
    maxSocketBuffer: config.maxSocketBufferKb * 1024,
    maxRoomsPerProcess: config.maxRoomsPerProcess,
    maxRoomsTotal: config.maxRoomsTotal,
    lobbyIdleMs: config.lobbyIdleMinutes * 60_000,
  };
  return { ...base, ...over, limits: { ...base.limits, ...over.limits } };
}
