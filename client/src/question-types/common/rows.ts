/** Phone reveal helpers the types share. Plain functions, unit-tested. */
import type { OptionView, RevealView } from '../../../../shared/protocol.js';

/** A row of the phone's reveal: an option you picked or should have picked, with its why. */
export interface OptionRow {
  position: number;
  label: string;
  status: 'right' | 'wrong' | 'missed';
  note: string;
  why: string;
}

export const textOf = (list: OptionView[] | undefined, id: string): string => (list ?? []).find((o) => o.id === id)?.text ?? id;
export const positionOf = (list: OptionView[] | undefined, id: string): number => (list ?? []).findIndex((o) => o.id === id);
export const whyOf = (r: RevealView, id: string): string => r.whys[id] ?? '';

/** Each why once: true/false questions carry one why for both answers. */
export function dedupeWhys(list: OptionRow[]): OptionRow[] {
  const seen: string[] = [];
  return list.map((row) => {
    if (!row.why || !seen.includes(row.why)) {
      seen.push(row.why);
      return row;
    }
    return { ...row, why: '' };
  });
}

