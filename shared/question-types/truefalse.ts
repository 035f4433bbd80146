/** True or false: a statement; the reveal's `whys` key is "true" or "false". */
import { z } from 'zod';
import { defineType } from './common.js';

export const truefalse = defineType<
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- the prompt is the whole question
  {},
  /** The deck's one `why` explains the statement. */
  { answer: boolean; why?: string }
>()(z.strictObject({ type: z.literal('truefalse'), value: z.boolean() }));
