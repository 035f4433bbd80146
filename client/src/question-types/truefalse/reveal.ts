/** True/false reveal: True is position 0, False position 1; one why, kept with the right value. Unit-tested. */
import type { AnswerPayload, QuestionView, RevealView } from '../../../../shared/protocol.js';
import { dedupeWhys, whyOf, type OptionRow } from '../common/rows.js';

const label = (v: boolean) => (v ? 'True' : 'False');
const position = (v: boolean) => (v ? 0 : 1);

/** Phone: your answer (right or wrong), then the right value if it was not yours. */
export function truefalseRows(q: QuestionView | null, r: RevealView, answer: AnswerPayload | null): OptionRow[] {
  const c = r.correct;
  if (!q || c.type !== 'truefalse') return [];
  const mine = answer?.type === 'truefalse' ? answer.value : null;
  const out: OptionRow[] = [];
  if (mine !== null) {
    out.push({
      position: position(mine),
      label: label(mine),
      status: mine === c.value ? 'right' : 'wrong',
      note: mine === c.value ? 'Your answer — correct' : 'Your answer',
      why: whyOf(r, String(mine)),
    });
  }
  if (mine !== c.value) {
    out.push({ position: position(c.value), label: label(c.value), status: 'missed', note: 'Correct answer', why: whyOf(r, String(c.value)) });
  }
  return dedupeWhys(out);
}

/** What to do, for the get-ready beat before the question. */
export const truefalseTask = (): string => 'True or false?';
