import type { PhoneQuestionType } from '../types.js';
import Reveal from './Reveal.svelte';
import { orderPartial, orderTask } from './reveal.js';

/** The answer control loads on demand (preloaded while the player waits in the lobby). */
export const order: PhoneQuestionType = {
  answer: { load: () => import('./Answer.svelte') },
  Reveal,
  items: (q) => q.steps?.length ?? 0,
  task: orderTask,
  partial: orderPartial,
};
