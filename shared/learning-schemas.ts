/** Schemas of the learning events' payloads (docs/protocol.md, "After the game" and "Solo practice"); spread into shared/schemas.ts. */
import { z } from 'zod';
import { PRACTICE_MAX_COUNT } from './learning.js';
import { PIN_LENGTH } from './protocol.js';
import { answerSchema } from './question-types/index.js';

const secret = z.string().min(16).max(64).regex(/^[A-Za-z0-9_-]+$/);
const pin = z.string().regex(new RegExp(`^\\d{${PIN_LENGTH}}$`), 'PIN must be 6 digits');
const deckId = z.string().min(1).max(64);
const questionId = z.string().min(1).max(64).regex(/^[a-z0-9][a-z0-9._-]*$/);

export const learningSchemas = {
  'player:review': z.strictObject({ pin, token: secret }),
  'practice:start': z.strictObject({
    deckId,
    mode: z.enum(['deck', 'weak', 'questions']),
    topics: z.array(z.string().min(1).max(64)).max(100).optional(),
    count: z.number().int().min(1).max(PRACTICE_MAX_COUNT).optional(),
    questionIds: z.array(questionId).min(1).max(PRACTICE_MAX_COUNT).optional(),
    timed: z.boolean().optional(),
    deviceId: secret.optional(),
  }),
  'practice:resume': z.strictObject({ token: secret }),
  'practice:answer': z.strictObject({ token: secret, index: z.number().int().min(0).max(1000), answer: answerSchema }),
  'practice:reveal': z.strictObject({ token: secret, index: z.number().int().min(0).max(1000) }),
  'practice:next': z.strictObject({ token: secret }),
  'weak:list': z.strictObject({ deviceId: secret, deckId: deckId.optional() }),
  'weak:clear': z.strictObject({ deviceId: secret }),
} as const;
