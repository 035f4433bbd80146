/** single on the projector's reveal: one bar per option. Plain functions, unit-tested. */
import type { QuestionView, RevealView } from '../../../../shared/protocol.js';
import { optionBars } from '../common/bars.js';
import type { HostRevealRows } from '../types.js';

/** Projector: picks per option, the right one marked. */
export function singleBars(q: QuestionView | null, r: RevealView): HostRevealRows {
  const c = r.correct;
  return { rows: c.type === 'single' ? optionBars(q?.options, r, [c.option]) : [] };
}
