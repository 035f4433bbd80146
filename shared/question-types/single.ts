/** Single choice: one right option among four (two to four in imported decks). */
import { z } from 'zod';
import type { DeckOption } from '../deck.js';
import { defineType, itemId, type OptionView } from './common.js';

export const single = defineType<
  /** Options in the server's shuffled order, ids A, B, … by position. */
  { options: OptionView[] },
  { options: DeckOption[] }
>()(z.strictObject({ type: z.literal('single'), option: itemId }));
