/** Single choice reveal: your pick and the right one, each with its why. Plain functions, unit-tested. */
import type { AnswerPayload, QuestionView, RevealView } from '../../../../shared/protocol.js';
import { dedupeWhys, positionOf, textOf, whyOf, type OptionRow } from '../common/rows.js';

/** Phone: your answer (right or wrong), then the right one if it was not yours. */
export function singleRows(q: QuestionView | null, r: RevealView, answer: AnswerPayload | null): OptionRow[] {
  const c = r.correct;
  if (!q || c.type !== 'single') return [];
  const mine = answer?.type === 'single' ? answer.option : null;
  const out: OptionRow[] = [];
  if (mine) {
    out.push({
      position: positionOf(q.options, mine),
      label: textOf(q.options, mine),
      status: mine === c.option ? 'right' : 'wrong',
      note: mine === c.option ? 'Your answer — correct' : 'Your answer',
      why: whyOf(r, mine),
    });
  }
  if (mine !== c.option) {
    out.push({ position: positionOf(q.options, c.option), label: textOf(q.options, c.option), status: 'missed', note: 'Correct answer', why: whyOf(r, c.option) });
  }
  return dedupeWhys(out);
}

/** What to do, for the get-ready beat before the question. */
export const singleTask = (): string => 'Pick one answer';
