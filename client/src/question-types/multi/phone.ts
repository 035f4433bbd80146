import type { PhoneQuestionType } from '../types.js';
import Reveal from './Reveal.svelte';
import { multiPartial, multiTask } from './reveal.js';

/** The answer control loads on demand (preloaded while the player waits in the lobby). */
export const multi: PhoneQuestionType = {
  answer: { load: () => import('./Answer.svelte') },
  Reveal,
  items: (q) => q.options?.length ?? 0,
  task: multiTask,
  partial: multiPartial,
};
