/**
 * The hardening settings (issue 15) in one place: per-address limits, origins, trusted proxy,
 * room caps, lobby expiry, slow-reader cap, long-polling. Every figure is explained in
 * docs/security.md. buildApp takes a partial override (tests); the defaults are what a real
 * classroom behind one address needs (300 players joining one room within a minute, 30 teachers
 * creating rooms) while a flood from that address is slowed to a trickle.
 */

/** `points` per `seconds`, refilled as a whole window (rate-limiter-flexible's fixed window). */
export interface Rate {
  points: number;
  seconds: number;
}

/** A steady rate, plus a larger burst budget drawn on only when the steady rate is spent (BurstyRateLimiter). */
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
  /** Bytes one socket may have queued unsent before it is disconnected (a reader that never reads). */
  maxSocketBuffer: number;
  /** Most player names one host:resume acknowledgement carries (the rest arrive as a count). */
  hostListPage: number;
  /** Rooms this process holds at once (memory store) / rooms in the store in total. */
  maxRoomsPerProcess: number;
  maxRoomsTotal: number;
  /** A lobby whose host has gone and that nobody joined expires after this long. */
  lobbyIdleMs: number;
  /** A player whose socket has been gone this long drops out of the lobby list (not out of a running game). */
  lobbyGraceMs: number;
  /** Deadline of one limiter call against Redis; past it, the process's own memory limiter decides. */
  limiterTimeoutMs: number;
}

export const DEFAULT_SECURITY: SecuritySettings = {
  limits: {
    // 300 phones connecting in a minute (120 steady + 180 of the burst), a reconnect storm on top.
    connect: { steady: { points: 120, seconds: 60 }, burst: { points: 600, seconds: 600 } },
    // 30 teachers within a minute (2 steady + 28 of the burst); a flood: 2 a minute + 30 an half hour.
    create: { steady: { points: 2, seconds: 60 }, burst: { points: 30, seconds: 1800 } },
    // Mistyped PINs of a whole class (6 a minute + 30 an hour); a guesser gets ~390 guesses an hour.
    lookupFail: { steady: { points: 6, seconds: 60 }, burst: { points: 30, seconds: 3600 } },
    // Into one room from one address: 300 in a minute (30 + 270), then 30 a minute (the host can lock).
    join: { steady: { points: 30, seconds: 60 }, burst: { points: 300, seconds: 600 } },
  },
  socketsPerAddress: 2000,
  socketRate: { perSecond: 10, burst: 30 },
  hostRate: { perSecond: 20, burst: 100 },
  trustedProxies: [],
  allowedOrigins: [],
  allowPolling: false,
  maxSocketBuffer: 1024 * 1024,
  hostListPage: 200,
  maxRoomsPerProcess: 2000,
  maxRoomsTotal: 20_000,
  lobbyIdleMs: 10 * 60 * 1000,
  lobbyGraceMs: 60 * 1000,
  limiterTimeoutMs: 500,
};

export function securitySettings(over: Partial<SecuritySettings> = {}): SecuritySettings {
  return { ...DEFAULT_SECURITY, ...over, limits: { ...DEFAULT_SECURITY.limits, ...over.limits } };
}
