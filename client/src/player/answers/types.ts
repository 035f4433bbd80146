import type { AnswerPayload, QuestionView } from '../../../../shared/protocol.js';
import type { ServerClock } from '../../lib/clock.js';

export interface AnswerProps {
  q: QuestionView;
  /** Tapped, sent or locked: no more changes. */
  locked: boolean;
  /** What this player answered, if anything (also after a rejoin). */
  chosen: AnswerPayload | null;
  clock: ServerClock;
  onanswer: (answer: AnswerPayload) => void;
}
