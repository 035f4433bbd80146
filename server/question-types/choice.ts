/**
 * What single and multi share: options shuffled once per room and named A, B, … by position; picks
 * counted per option id in the reveal.
 */
import type { DeckOption } from '../../shared/deck.js';
import type { OptionView } from '../../shared/protocol.js';
import { shuffle, type Rng } from '../engine/random.js';
import { LETTERS } from './shape.js';
import type { Choice } from './types.js';

export interface ShuffledOptions {
  options: OptionView[];
  whys: Record<string, string>;
  /** Ids of the correct options, in display order. */
  right: string[];
}

/** Options in a shuffled order, or in the deck's order when `inOrder`. */
export function shuffleOptions(deckOptions: DeckOption[], rng: Rng, inOrder = false): ShuffledOptions {
  const order = inOrder ? [...deckOptions.keys()] : shuffle([...deckOptions.keys()], rng);
  const options: OptionView[] = order.map((src, pos) => ({ id: LETTERS[pos], text: deckOptions[src].text }));
  const whys: Record<string, string> = {};
  const right: string[] = [];
  order.forEach((src, pos) => {
    whys[LETTERS[pos]] = deckOptions[src].why ?? '';
    if (deckOptions[src].correct) right.push(LETTERS[pos]);
  });
  return { options, whys, right };
}

/** An option as a review line: "B) its text". */
export const optionLine = (view: { options: OptionView[] }, id: string): string => `${id}) ${view.options.find((o) => o.id === id)?.text ?? id}`;

/** Every option, marked right and picked. */
export const optionChoices = (view: { options: OptionView[] }, right: string[], picked: string[]): Choice[] =>
  view.options.map((o) => ({ id: o.id, text: o.text, correct: right.includes(o.id), picked: picked.includes(o.id) }));

/** Reveal keys of an option question: every option id, in display order. */
export const optionKeys = (view: { options: OptionView[] }): string[] => (view.options ?? []).map((o) => o.id);
