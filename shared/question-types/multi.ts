/** Multiple choice: two or three right options among five or six; partial credit. */
import { z } from 'zod';
import type { DeckOption } from '../deck.js';
import { defineType, itemId, MAX_ANSWER_ITEMS, type OptionView } from './common.js';

export const multi = defineType<
  /** Options in the server's shuffled order (ids A, B, … by position), and how many to choose. */
  { options: OptionView[]; choose: number },
  { options: DeckOption[] }
>()(z.strictObject({ type: z.literal('multi'), options: z.array(itemId).max(MAX_ANSWER_ITEMS) }));
