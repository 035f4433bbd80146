import type { PhoneQuestionType } from '../types.js';
import Answer from './Answer.svelte';
import Reveal from './Reveal.svelte';

/** Most questions of a deck: the answer control ships with the page. */
export const truefalse: PhoneQuestionType = {
  answer: { component: Answer },
  Reveal,
  items: () => 0,
};
