import type { PhoneQuestionType } from '../types.js';
import Reveal from './Reveal.svelte';
import { matchPartial, matchTask } from './reveal.js';

/** The answer control loads on demand (preloaded while the player waits in the lobby). */
export const match: PhoneQuestionType = {
  answer: { load: () => import('./Answer.svelte') },
  Reveal,
  items: (q) => q.left?.length ?? 0,
  task: matchTask,
  partial: matchPartial,
};
