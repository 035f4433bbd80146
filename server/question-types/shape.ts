/** Helpers the types share for checking answers and building views. */
import type { OptionView } from '../../shared/protocol.js';
import type { ShapeCheck } from './types.js';

export const ids = (items: OptionView[] | undefined): Set<string> => new Set((items ?? []).map((o) => o.id));
export const hasRepeats = (xs: string[]): boolean => new Set(xs).size !== xs.length;
export const OK: ShapeCheck = { ok: true };
export const refuse = (message: string): ShapeCheck => ({ ok: false, message });

/** Option ids by display position. */
export const LETTERS = 'ABCDEFGH';
