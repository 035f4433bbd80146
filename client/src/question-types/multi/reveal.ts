/** Multiple choice reveal: every option you picked or should have picked. Plain functions, unit-tested. */
import type { AnswerPayload, CorrectAnswer, QuestionView, RevealView } from '../../../../shared/protocol.js';
import { dedupeWhys, whyOf, type OptionRow } from '../common/rows.js';
import { multiCreditLine } from '../../lib/partial-credit.js';

/** Phone: in display order, each option you picked (right or not) and each right one you missed. */
export function multiRows(q: QuestionView | null, r: RevealView, answer: AnswerPayload | null): OptionRow[] {
  const c = r.correct;
  if (!q || c.type !== 'multi') return [];
  const mine = answer?.type === 'multi' ? answer.options : [];
  const rows = (q.options ?? [])
    .map((o, i): OptionRow | null => {
      const picked = mine.includes(o.id);
      const right = c.options.includes(o.id);
      if (!picked && !right) return null;
      const status = picked && right ? 'right' : picked ? 'wrong' : 'missed';
      const note = picked && right ? 'You picked it — correct' : picked ? 'You picked it — not correct' : 'Correct — you didn’t pick it';
      return { position: i, label: o.text, status, note, why: whyOf(r, o.id) };
    })
    .filter((x): x is OptionRow => x !== null);
  return dedupeWhys(rows);
}


/** How "right minus wrong" partial credit was worked out ("Right minus wrong: 1 right, 1 wrong: 0 of 2"). */
export function multiPartial(correct: CorrectAnswer, answer: AnswerPayload | null): string {
  if (correct.type !== 'multi' || answer?.type !== 'multi') return '';
  return `Right minus wrong: ${multiCreditLine(correct.options, answer.options)}`;
}

/** What to do, for the get-ready beat before the question. */
export const multiTask = (q: QuestionView): string => `Choose ${q.choose ?? 2}`;
