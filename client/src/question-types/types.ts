/**
 * What the client knows of one question type: the phone's answer control and reveal, the projector's
 * board and reveal bars. One folder per type implements it; phone.ts and projector.ts are the tables
 * (two, so a phone never downloads the projector's screens and the other way round).
 */
import type { Component, Snippet } from 'svelte';
import type { AnswerPayload, CorrectAnswer, QuestionView, RevealView } from '../../../shared/protocol.js';
import type { ServerClock } from '../lib/clock.js';

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

export type AnswerComponent = Component<AnswerProps>;

/** The projector's view of an open question (below the prompt). */
export interface BoardProps {
  q: QuestionView;
}

/** The phone's reveal of a question: what was right, and what this player gave. */
export interface RevealProps {
  q: QuestionView | null;
  r: RevealView;
  answer: AnswerPayload | null;
}

/** One bar of the projector's reveal. */
export interface BarRow {
  key: string;
  /** Colour/shape position, or -1 for neutral rows (match, order). */
  position: number;
  label: string;
  count: number;
  correct: boolean;
  why: string;
}

export interface HostRevealRows {
  rows: BarRow[];
  /**
   * Set for types whose every bar is a correct item (how many got each right), not a choice:
   * the bars are drawn neutral and this line explains them.
   */
  legend?: string;
}

/** The phone's side of a type (client/src/question-types/<type>/phone.ts). */
export interface PhoneQuestionType {
  /** The answer control, shipped with the page or loaded on demand (preloaded in the lobby). */
  answer: { component: AnswerComponent } | { load: () => Promise<{ default: AnswerComponent }> };
  /** The reveal rows under the verdict. */
  Reveal: Component<RevealProps>;
  /** How many options/items the question lists (a long list makes a long prompt smaller). */
  items(q: QuestionView): number;
  /** What to do, in a few words, for the get-ready beat ("Pick one answer", "Choose 2"). */
  task(q: QuestionView): string;
  /** How a partly right answer was worked out ("2 of 4 pairs right"); '' when the type has no partial credit. */
  partial(correct: CorrectAnswer, answer: AnswerPayload | null): string;
}

/** The projector's side of a type (client/src/question-types/<type>/projector.ts). */
export interface ProjectorQuestionType {
  /** The options or items while the question is open. */
  Board: Component<BoardProps>;
  /** The reveal's bars. */
  bars(q: QuestionView | null, r: RevealView): HostRevealRows;
}
