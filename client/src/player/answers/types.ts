import type { Snippet } from 'svelte';
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
  /**
   * The game's answer state ("Sending…", "Answer locked", errors). Each answer component renders
   * it last inside its bottom dock (`<div class="dock">`), under its own Submit row if it has one,
   * so both stay on screen however long the question is.
   */
  status: Snippet;
}
