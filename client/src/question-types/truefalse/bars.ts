/** truefalse on the projector's reveal: one bar per option. Plain functions, unit-tested. */
import type { QuestionView, RevealView } from '../../../../shared/protocol.js';
import type { HostRevealRows } from '../types.js';

const label = (v: boolean) => (v ? 'True' : 'False');

/** Projector: picks of True and of False, the right one marked. */
export function truefalseBars(_q: QuestionView | null, r: RevealView): HostRevealRows {
  const c = r.correct;
  if (c.type !== 'truefalse') return { rows: [] };
  return {
    rows: [true, false].map((v, i) => ({
      key: String(v),
      position: i,
      label: label(v),
      count: r.distribution[String(v)] ?? 0,
      correct: c.value === v,
      why: r.whys[String(v)] ?? '',
    })),
  };
}
