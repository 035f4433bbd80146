/** match on the projector's reveal: one bar per pair. Plain functions, unit-tested. */
import type { QuestionView, RevealView } from '../../../../shared/protocol.js';
import { textOf } from '../common/rows.js';
import type { HostRevealRows } from '../types.js';

/** Projector: every correct pair, with how many players matched it (neutral bars). */
export function matchBars(q: QuestionView | null, r: RevealView): HostRevealRows {
  const c = r.correct;
  if (c.type !== 'match') return { rows: [] };
  return {
    legend: 'Correct pairs, and how many matched each',
    rows: c.pairs.map((p) => ({
      key: p.left,
      position: -1,
      label: `${textOf(q?.left, p.left)} → ${textOf(q?.right, p.right)}`,
      count: r.distribution[p.left] ?? 0,
      correct: true,
      why: r.whys[p.left] ?? r.whys[p.right] ?? '',
    })),
  };
}
