/** Ordering: put the steps in order; credit per step in its right position. */
import { z } from 'zod';
import { defineType, itemId, MAX_ANSWER_ITEMS, type OptionView } from './common.js';

export const order = defineType<
  /** Steps shuffled, never already in order (S1… by position). */
  { steps: OptionView[] },
  /** The steps in the correct order. */
  { steps: string[] }
>()(z.strictObject({ type: z.literal('order'), /** Every step exactly once. */ order: z.array(itemId).max(MAX_ANSWER_ITEMS) }));
