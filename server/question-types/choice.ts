/**
 * What single and multi share: options shuffled once per room and named A, B, … by position; picks
 * counted per option id in the reveal.
 */
import type { DeckOption } from '../../shared/deck.js';
import type { OptionView } from '../../shared/protocol.js';
import { shuffle, type Rng } from '../engine/random.js';
import { LETTERS } from './shape.js';

export interface ShuffledOptions {
  options: OptionView[];
  whys: Record<string, string>;
  /** Ids of the correct options, in display order. */
  right: string[];
}

export function shuffleOptions(deckOptions: DeckOption[], rng: Rng): ShuffledOptions {
  const order = shuffle([...deckOptions.keys()], rng);
  const options: OptionView[] = order.map((src, pos) => ({ id: LETTERS[pos], text: deckOptions[src].text }));
  const whys: Record<string, string> = {};
  const right: string[] = [];
  order.forEach((src, pos) => {
    whys[LETTERS[pos]] = deckOptions[src].why ?? '';
    if (deckOptions[src].correct) right.push(LETTERS[pos]);
  });
  return { options, whys, right };
}

/** Reveal keys of an option question: every option id, in display order. */
export const optionKeys = (view: { options: OptionView[] }): string[] => (view.options ?? []).map((o) => o.id);
