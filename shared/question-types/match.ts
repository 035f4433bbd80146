/** Matching: pair each left item with its right item; credit per right pair. */
import { z } from 'zod';
import type { MatchPair } from '../deck.js';
import { defineType, itemId, MAX_ANSWER_ITEMS, type OptionView } from './common.js';

export const match = defineType<
  /** Left items in deck order (L1…), right items shuffled (R1… by position). */
  { left: OptionView[]; right: OptionView[] },
  { pairs: MatchPair[] }
>()(
  z.strictObject({
    type: z.literal('match'),
    /** Each item at most once; may be partial. */
    pairs: z.array(z.strictObject({ left: itemId, right: itemId })).max(MAX_ANSWER_ITEMS),
  }),
);
