/**
 * Schemas for every client-to-server payload, and (z.infer) the payload types shared/protocol.ts uses:
 * one source. The gateway parses each payload with these before anything reaches the engine or the
 * store; a payload that fails gets a BAD_REQUEST acknowledgement and changes nothing. The answer schema
 * is built from each question type's own (shared/question-types/).
 */
import { z } from 'zod';
import { SCORING_STYLES, PIN_LENGTH } from './protocol.js';
import { answerSchema } from './question-types/index.js';
import { controlSchemas, setupFields } from './control-schemas.js';
import { learningSchemas } from './learning-schemas.js';

export { answerSchema };

const token = z.string().min(16).max(64).regex(/^[A-Za-z0-9_-]+$/);
export const pinSchema = z.string().regex(new RegExp(`^\\d{${PIN_LENGTH}}$`), 'PIN must be 6 digits');

export const hostAuthSchema = z.strictObject({ pin: pinSchema, hostToken: token });

export const schemas = {
  'decks:list': z.object({}).passthrough(),
  'host:create': z.strictObject({
    deckId: z.string().min(1).max(64),
    scoring: z.enum(SCORING_STYLES).optional(),
    /** Ask at most this many questions (shuffled order, case studies kept together). */
    questionCount: z.number().int().min(1).max(500).optional(),
    ...setupFields,
  }),
  'host:resume': hostAuthSchema,
  'host:start': hostAuthSchema,
  'host:next': hostAuthSchema,
  'host:skip': hostAuthSchema,
  'host:end': hostAuthSchema,
  ...controlSchemas,
  'room:check': z.strictObject({ pin: pinSchema }),
  /** `deviceId`: the phone's private id, so this game's misses join its weak spots (docs/reports.md). */
  'player:join': z.strictObject({ pin: pinSchema, nickname: z.string().max(200), deviceId: token.optional() }),
  'player:rejoin': z.strictObject({ pin: pinSchema, token }),
  'player:answer': z.strictObject({ pin: pinSchema, index: z.number().int().min(0).max(10000), answer: answerSchema }),
  ...learningSchemas,
} as const;

export type SchemaEvent = keyof typeof schemas;
/** The payload of a client-to-server event, as its schema accepts it. */
export type Payload<E extends SchemaEvent> = z.infer<(typeof schemas)[E]>;

/** Parse a payload; on failure, a one-line reason naming the first bad field. */
export function parsePayload<E extends SchemaEvent>(
  event: E,
  payload: unknown,
): { ok: true; value: z.infer<(typeof schemas)[E]> } | { ok: false; message: string } {
  const r = schemas[event].safeParse(payload);
  if (r.success) return { ok: true, value: r.data as z.infer<(typeof schemas)[E]> };
  return { ok: false, message: badRequestMessage(r.error) };
}

/**
 * One event's schema, for a caller that parses that event's payloads again and again (the gateway's
 * listener of each event): zod's own `safeParse` result, with no lookup by event name and no wrapper
 * object per payload; on failure, `badRequestMessage` says why, as parsePayload does.
 */
export function payloadSchema<E extends SchemaEvent>(event: E): z.ZodType<z.infer<(typeof schemas)[E]>> {
  return schemas[event] as unknown as z.ZodType<z.infer<(typeof schemas)[E]>>;
}

/** A refused payload's one-line reason, naming the first bad field. */
export function badRequestMessage(error: z.ZodError): string {
  const issue = error.issues[0];
  const where = issue?.path.length ? issue.path.join('.') : 'payload';
  return `Bad request: ${where}: ${issue?.message ?? 'invalid'}`;
}
