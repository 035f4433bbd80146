/** multi on the projector's reveal: one bar per option. Plain functions, unit-tested. */
import type { QuestionView, RevealView } from '../../../../shared/protocol.js';
import { optionBars } from '../common/bars.js';
import type { HostRevealRows } from '../types.js';

/** Projector: picks per option, the right ones marked. */
export function multiBars(q: QuestionView | null, r: RevealView): HostRevealRows {
  const c = r.correct;
  return { rows: c.type === 'multi' ? optionBars(q?.options, r, c.options) : [] };
}
