/**
 * Schemas of the host's live-control and setup payloads (issue 10), merged into
 * shared/schemas.ts's table so every one is parsed before it reaches the engine.
 */
import { z } from 'zod';

const pin = z.string().regex(/^\d{6}$/, 'PIN must be 6 digits');
const token = z.string().min(16).max(64).regex(/^[A-Za-z0-9_-]+$/);
const hostAuth = z.strictObject({ pin, hostToken: token });
const playerId = z.string().min(1).max(32);

export const FIXED_TIMES = [10, 20, 30, 45, 60, 90, 120] as const;
export const TIME_FACTOR = { min: 1, max: 3 } as const;
/** The get-ready beat before each question's answers open, whole seconds (issue 14). */
export const INTRO_SECONDS = { default: 3, min: 0, max: 5 } as const;
export const ADVANCE_SECONDS = { min: 3, max: 60 } as const;
export const ADD_TIME_SECONDS = { default: 15, min: 5, max: 120 } as const;
/** Most players one host:kick may name. */
export const KICK_MAX = 100;

export const setupFields = {
  // The host page offers FIXED_TIMES; bots and tests may ask for any whole number of seconds in 5–300.
  timeLimit: z.number().int().min(5).max(300).optional(),
  timeFactor: z.number().min(TIME_FACTOR.min).max(TIME_FACTOR.max).optional(),
  topics: z.array(z.string().min(1).max(64)).min(1).max(100).optional(),
  /** Absent: INTRO_SECONDS.default. */
  introSeconds: z.number().int().min(INTRO_SECONDS.min).max(INTRO_SECONDS.max).optional(),
  lateJoin: z.boolean().optional(),
  /** Options of single and multi questions in a shuffled order (default) or in the deck's order (false). */
  shuffleOptions: z.boolean().optional(),
  autoAdvance: z
    .strictObject({
      revealSeconds: z.number().int().min(ADVANCE_SECONDS.min).max(ADVANCE_SECONDS.max),
      leaderboardSeconds: z.number().int().min(ADVANCE_SECONDS.min).max(ADVANCE_SECONDS.max),
    })
    .optional(),
};

export const controlSchemas = {
  'host:kick': hostAuth
    .extend({ playerId: playerId.optional(), playerIds: z.array(playerId).min(1).max(KICK_MAX).optional() })
    .refine((v) => (v.playerId === undefined) !== (v.playerIds === undefined), {
      message: 'give playerId or playerIds (not both)',
      path: ['playerIds'],
    }),
  'host:pause': hostAuth,
  'host:unpause': hostAuth,
  'host:addTime': hostAuth.extend({ seconds: z.number().int().min(ADD_TIME_SECONDS.min).max(ADD_TIME_SECONDS.max).optional() }),
  'host:lock': hostAuth,
  'host:unlock': hostAuth,
  'host:restart': hostAuth,
  'host:remote': hostAuth,
  'host:claim': z.strictObject({ pin, code: z.string().min(16).max(64).regex(/^[A-Za-z0-9_-]+$/) }),
} as const;
