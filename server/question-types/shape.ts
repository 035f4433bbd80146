/** Helpers the types share for checking answers and building views. */
import type { OptionView } from '../../shared/protocol.js';
import type { ShapeCheck } from './types.js';

/**
 * The ids of a view's items, as a set built once per item list: checkShape runs for every answer, and a
 * prepared question's view (the process's cached question) never changes. Read-only: it is shared.
 */
const idSets = new WeakMap<OptionView[], ReadonlySet<string>>();
const NO_IDS: ReadonlySet<string> = new Set();
export function ids(items: OptionView[] | undefined): ReadonlySet<string> {
  if (!items) return NO_IDS;
  let set = idSets.get(items);
  if (!set) idSets.set(items, (set = new Set(items.map((o) => o.id))));
  return set;
}
/** Whether a list names an id twice. Answers list at most MAX_ANSWER_ITEMS: a pairwise scan, no Set per answer. */
export function hasRepeats(xs: readonly string[]): boolean {
  for (let i = 1; i < xs.length; i++) for (let j = 0; j < i; j++) if (xs[i] === xs[j]) return true;
  return false;
}
export const OK: ShapeCheck = { ok: true };
export const refuse = (message: string): ShapeCheck => ({ ok: false, message });

/** Option ids by display position. */
export const LETTERS = 'ABCDEFGH';
