import type { PhoneQuestionType } from '../types.js';
import Answer from './Answer.svelte';
import Reveal from './Reveal.svelte';
import { truefalseTask } from './reveal.js';

/** Most questions of a deck: the answer control ships with the page. */
export const truefalse: PhoneQuestionType = {
  answer: { component: Answer },
  Reveal,
  items: () => 0,
  task: truefalseTask,
  partial: () => '',
};
