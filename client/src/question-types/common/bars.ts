/** Projector reveal helpers the option types (single, multi) share. Plain functions, unit-tested. */
import type { OptionView, RevealView } from '../../../../shared/protocol.js';
import type { BarRow } from '../types.js';

/** The projector's bars for an option question: every option, its picks, marked when right. */
export function optionBars(options: OptionView[] | undefined, r: RevealView, right: string[]): BarRow[] {
  return (options ?? []).map((o, i) => ({
    key: o.id,
    position: i,
    label: o.text,
    count: r.distribution[o.id] ?? 0,
    correct: right.includes(o.id),
    why: r.whys[o.id] ?? '',
  }));
}
