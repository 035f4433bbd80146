import type { Component } from 'svelte';
import type { QuestionType } from '../../../../shared/deck.js';
import type { AnswerProps } from './types.js';
import SingleAnswer from './SingleAnswer.svelte';
import TrueFalseAnswer from './TrueFalseAnswer.svelte';

export type AnswerComponent = Component<AnswerProps>;

/**
 * Single-choice and true/false questions are most of a deck and ship with the page. The other
 * types load on demand; preloadAnswers() fetches them while the player waits in the lobby.
 */
const loaded: Partial<Record<QuestionType, AnswerComponent>> = { single: SingleAnswer, truefalse: TrueFalseAnswer };
const loaders: Partial<Record<QuestionType, () => Promise<{ default: AnswerComponent }>>> = {
  multi: () => import('./MultiAnswer.svelte'),
  match: () => import('./MatchAnswer.svelte'),
  order: () => import('./OrderAnswer.svelte'),
};
const pending = new Map<QuestionType, Promise<AnswerComponent>>();

export function answerComponent(type: QuestionType): AnswerComponent | undefined {
  return loaded[type];
}

export function loadAnswer(type: QuestionType): Promise<AnswerComponent> {
  const ready = loaded[type];
  if (ready) return Promise.resolve(ready);
  let p = pending.get(type);
  if (!p) {
    const loader = loaders[type];
    if (!loader) return Promise.resolve(SingleAnswer);
    p = loader().then((m) => (loaded[type] = m.default));
    p.catch(() => pending.delete(type));
    pending.set(type, p);
  }
  return p;
}

export function preloadAnswers(): void {
  for (const type of Object.keys(loaders) as QuestionType[]) void loadAnswer(type).catch(() => {});
}
