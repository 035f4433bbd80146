/**
 * Every setting of the server, declared once: environment variable, kind (type + what it accepts),
 * default and description. `loadConfig(process.env)` validates them all at start; a bad value
 * throws a ConfigError whose message is one line per bad variable, naming it and what it accepts.
 *
 * To add a setting: add one entry to SETTINGS (a camelCase key; `default` in the form you would
 * write in the environment, or `undefined` for "unset"), read it as `config.yourKey` (the app
 * decorates `fastify.config`), then run `npm run config:docs` to refresh `.env.example` and the
 * README table (tests/config/docs.test.ts fails while they are stale).
 * Never read `process.env` anywhere else in server code.
 */
import { statSync } from 'node:fs';
import { isIP } from 'node:net';
import { z } from 'zod';

/** How a setting is written and parsed: a label for the docs, what it accepts in words, and its zod schema. */
export interface Kind<T> {
  type: string;
  accepts: string;
  schema: z.ZodType<T, string>;
}

export function int(min: number, max: number): Kind<number> {
  return {
    type: 'integer',
    accepts: `a whole number from ${min} to ${max}`,
    schema: z
      .string()
      .regex(/^-?\d+$/)
      .transform(Number)
      .pipe(z.number().int().min(min).max(max)),
  };
}

export function url(protocols: readonly string[]): Kind<string> {
  const names = protocols.map((p) => `${p}://`);
  return {
    type: 'URL',
    accepts: `a URL starting with ${names.join(' or ')}`,
    schema: z.string().refine((s) => {
      try {
        return protocols.includes(new URL(s).protocol.replace(/:$/, ''));
      } catch {
        return false;
      }
    }),
  };
}

export function oneOf<const T extends readonly [string, ...string[]]>(values: T): Kind<T[number]> {
  return { type: values.join(' | '), accepts: `one of ${values.join(', ')}`, schema: z.enum(values) as unknown as z.ZodType<T[number], string> };
}

export function text(pattern: RegExp, accepts: string, type = 'string'): Kind<string> {
  return { type, accepts, schema: z.string().regex(pattern) };
}

export function directory(): Kind<string> {
  return {
    type: 'path',
    accepts: 'the path of an existing directory',
    schema: z.string().refine((p) => {
      try {
        return statSync(p).isDirectory();
      } catch {
        return false;
      }
    }),
  };
}

export function bool(): Kind<boolean> {
  return {
    type: 'boolean',
    accepts: 'true or false (also 1/0, yes/no)',
    schema: z
      .string()
      .regex(/^(true|false|1|0|yes|no)$/i)
      .transform((s) => /^(true|1|yes)$/i.test(s)),
  };
}

/** A comma-separated list (empty: none); each item must pass `item`. */
export function list(item: (s: string) => boolean, accepts: string, type: string): Kind<string[]> {
  return {
    type,
    accepts,
    schema: z
      .string()
      .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
      .refine((xs) => xs.every(item)),
  };
}

/** A rate: `points/seconds`, optionally `+points/seconds` of burst (docs/security.md). */
export function rate(): Kind<{ steady: { points: number; seconds: number }; burst?: { points: number; seconds: number } }> {
  return {
    type: 'rate',
    accepts: 'points/seconds, optionally +points/seconds of burst, e.g. 30/60+300/600',
    schema: z
      .string()
      .regex(/^[1-9]\d{0,6}\/[1-9]\d{0,5}(\+[1-9]\d{0,6}\/[1-9]\d{0,5})?$/)
      .transform((s) => {
        const [steady, burst] = s.split('+').map((r) => {
          const [points, seconds] = r.split('/').map(Number);
          return { points, seconds };
        });
        return burst ? { steady, burst } : { steady };
      }),
  };
}

const isIpOrCidr = (s: string) => {
  const [addr, bits, extra] = s.split('/');
  if (extra !== undefined || isIP(addr) === 0) return false;
  return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (isIP(addr) === 6 ? 128 : 32));
};
const isOrigin = (s: string) => {
  try {
    const u = new URL(s);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.origin === s.replace(/\/$/, '');
  } catch {
    return false;
  }
};

export interface Setting<T> {
  env: string;
  kind: Kind<T>;
  /** The default as written in the environment; `undefined`: unset unless given. */
  default: string | undefined;
  description: string;
  /** An example value for `.env.example` when there is no default. */
  example?: string;
}

/** The one table of settings. Add yours here (see the top of this file). */
export const SETTINGS = {
  port: { env: 'PORT', kind: int(0, 65535), default: '3000', description: 'HTTP and Socket.IO port' },
  host: {
    env: 'HOST',
    kind: text(/^[0-9A-Za-z.:_-]+$/, 'an interface address or host name, e.g. 0.0.0.0, 127.0.0.1 or ::', 'address'),
    default: '0.0.0.0',
    description: 'interface to listen on',
  },
  publicUrl: {
    env: 'PUBLIC_URL',
    kind: url(['http', 'https']),
    default: undefined,
    example: 'https://quiz.example.org',
    description: 'base of the join URL and QR code shown to players; unset: http://(LAN address of the default route):PORT',
  },
  redisUrl: {
    env: 'REDIS_URL',
    kind: url(['redis', 'rediss']),
    default: undefined,
    example: 'redis://127.0.0.1:6379',
    description: 'Redis connection; unset: in-memory store (one process)',
  },
  redisPrefix: {
    env: 'REDIS_PREFIX',
    kind: text(/^[0-9A-Za-z:_.-]{1,64}$/, '1 to 64 letters, digits or : _ . -', 'string'),
    default: 'cn:',
    description: 'prefix of every Redis key and Socket.IO channel (to share one Redis between deployments)',
  },
  maxPlayers: { env: 'MAX_PLAYERS', kind: int(1, 1_000_000), default: '10000', description: 'players per room' },
  presenceGraceMs: {
    env: 'PRESENCE_GRACE_MS',
    kind: int(0, 60_000),
    default: '3000',
    description: 'ms a player whose phone dropped still counts as connected (a reload or a blip does not close a question early)',
  },
  decksDir: {
    env: 'DECKS_DIR',
    kind: directory(),
    default: undefined,
    example: '/srv/cram-night/decks',
    description: 'directory of deck files (YAML/CSV); unset: the built-in content/decks',
  },
  reportTtlDays: {
    env: 'REPORT_TTL_DAYS',
    kind: int(1, 3650),
    default: '7',
    description: 'days a game report (and its CSV/JSON downloads) is kept with Redis; the in-memory store keeps reports while the process runs',
  },
  weakSpotTtlDays: {
    env: 'WEAK_SPOT_TTL_DAYS',
    kind: int(1, 3650),
    default: '90',
    description: "days a phone's weak spots are kept with Redis after its last answer; the in-memory store keeps them while the process runs",
  },
  practiceTtlHours: {
    env: 'PRACTICE_TTL_HOURS',
    kind: int(1, 720),
    default: '24',
    description: 'hours an idle solo-practice round can still be resumed',
  },
  // ---- hardening (issue 15, docs/security.md)
  trustedProxies: {
    env: 'TRUSTED_PROXIES',
    kind: list(isIpOrCidr, 'a comma-separated list of IP addresses or CIDRs, e.g. 127.0.0.1,10.0.0.0/8', 'IP/CIDR list'),
    default: undefined,
    example: '127.0.0.1',
    description: 'proxies whose X-Forwarded-For names the client (for the per-address limits); empty: the TCP peer is the client',
  },
  allowedOrigins: {
    env: 'ALLOWED_ORIGINS',
    kind: list(isOrigin, 'a comma-separated list of origins, e.g. https://quiz.example.org,http://localhost:5173', 'origin list'),
    default: undefined,
    example: 'http://localhost:5173',
    description: 'web origins allowed to connect besides the page’s own and PUBLIC_URL’s',
  },
  allowPolling: { env: 'ALLOW_POLLING', kind: bool(), default: 'false', description: 'allow Socket.IO long-polling (needs sticky sessions behind several processes)' },
  limitConnect: { env: 'LIMIT_CONNECT', kind: rate(), default: '120/60+600/600', description: 'sockets opened per client address' },
  limitCreate: { env: 'LIMIT_CREATE', kind: rate(), default: '2/60+30/1800', description: 'rooms created per client address' },
  limitFailedLookups: { env: 'LIMIT_FAILED_LOOKUPS', kind: rate(), default: '6/60+30/3600', description: 'PIN look-ups that find no room, per client address' },
  limitJoins: { env: 'LIMIT_JOINS', kind: rate(), default: '30/60+300/600', description: 'joins into one room per client address' },
  socketsPerAddress: { env: 'SOCKETS_PER_ADDRESS', kind: int(1, 1_000_000), default: '2000', description: 'sockets one client address may hold open on one process' },
  maxSocketBufferKb: { env: 'MAX_SOCKET_BUFFER_KB', kind: int(16, 1_048_576), default: '1024', description: 'unsent data queued for one socket before it is cut off (a reader that never reads)' },
  lobbyGraceSeconds: { env: 'LOBBY_GRACE_SECONDS', kind: int(1, 86_400), default: '300', description: 'a player whose socket has gone this long drops out of the lobby (not out of a running game)' },
  maxRoomsPerProcess: { env: 'MAX_ROOMS_PER_PROCESS', kind: int(1, 10_000_000), default: '2000', description: 'live rooms one process creates and keeps; beyond it host:create answers SERVER_BUSY' },
  maxRoomsTotal: { env: 'MAX_ROOMS_TOTAL', kind: int(1, 10_000_000), default: '20000', description: 'live rooms in the store in all (every process); beyond it host:create answers SERVER_BUSY' },
  lobbyIdleMinutes: { env: 'LOBBY_IDLE_MINUTES', kind: int(1, 1440), default: '10', description: 'a lobby whose host has gone and that nobody joined expires after this long' },
  logLevel: {
    env: 'LOG_LEVEL',
    kind: oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
    default: 'info',
    description: 'least severe log level written (JSON lines on stdout)',
  },
  shutdownTimeoutMs: {
    env: 'SHUTDOWN_TIMEOUT_MS',
    kind: int(1000, 120_000),
    default: '10000',
    description: 'on SIGTERM/SIGINT: how long to finish work in hand before exiting anyway (a second signal exits at once)',
  },
} satisfies Record<string, Setting<unknown>>;

type Settings = typeof SETTINGS;
type ValueOf<S> = S extends { kind: Kind<infer T>; default: string } ? T : S extends { kind: Kind<infer T> } ? T | undefined : never;

/** The validated settings, one typed field per SETTINGS entry. */
export type Config = { readonly [K in keyof Settings]: ValueOf<Settings[K]> };

export class ConfigError extends Error {
  constructor(readonly problems: { env: string; line: string }[]) {
    super(problems.map((p) => p.line).join('\n'));
    this.name = 'ConfigError';
  }
}

function show(value: string): string {
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
}

/**
 * Reads and validates every setting from `env` (an empty value counts as unset). Throws ConfigError
 * naming each bad variable and what it accepts.
 */
export function loadConfig(env: Record<string, string | undefined> = {}): Config {
  const out: Record<string, unknown> = {};
  const problems: { env: string; line: string }[] = [];
  for (const [key, s] of Object.entries(SETTINGS) as [string, Setting<unknown>][]) {
    const given = env[s.env];
    const raw = given === undefined || given.trim() === '' ? s.default : given.trim();
    if (raw === undefined) {
      out[key] = undefined;
      continue;
    }
    const r = s.kind.schema.safeParse(raw);
    if (r.success) out[key] = r.data;
    else {
      const from = given === undefined || given.trim() === '' ? ' (its default)' : '';
      problems.push({ env: s.env, line: `Invalid setting ${s.env}=${show(raw)}${from}: expected ${s.kind.accepts}.` });
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return out as Config;
}

/** Every setting at its default (what tests and buildApp use when given no config). */
export function defaultConfig(): Config {
  return loadConfig({});
}
