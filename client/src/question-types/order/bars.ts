/** order on the projector's reveal: one bar per step. Plain functions, unit-tested. */
import type { QuestionView, RevealView } from '../../../../shared/protocol.js';
import { textOf } from '../common/rows.js';
import type { HostRevealRows } from '../types.js';

/** Projector: the steps in order, with how many players put each in its place (neutral bars). */
export function orderBars(q: QuestionView | null, r: RevealView): HostRevealRows {
  const c = r.correct;
  if (c.type !== 'order') return { rows: [] };
  return {
    legend: 'Correct order, and how many placed each step right',
    rows: c.order.map((id, i) => ({
      key: id,
      position: -1,
      label: `${i + 1}. ${textOf(q?.steps, id)}`,
      count: r.distribution[id] ?? 0,
      correct: true,
      why: r.whys[id] ?? '',
    })),
  };
}
