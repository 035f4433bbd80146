import type { PhoneQuestionType } from '../types.js';
import Answer from './Answer.svelte';
import Reveal from './Reveal.svelte';
import { singleTask } from './reveal.js';

/** Most questions of a deck: the answer control ships with the page. */
export const single: PhoneQuestionType = {
  answer: { component: Answer },
  Reveal,
  items: (q) => q.options?.length ?? 0,
  task: singleTask,
  partial: () => '',
};
