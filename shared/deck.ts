/**
 * Deck format: the types a YAML deck in content/decks/*.yaml is parsed into.
 * The validator (server/deck/) checks a parsed file against these rules;
 * docs/content.md explains how to write one.
 *
 * Everything in this file is server-side knowledge: decks carry the correct
 * answers, so nothing typed here is ever sent to a client before the reveal.
 */

import type { DeckFieldsOf, QuestionType } from './question-types/index.js';

export { QUESTION_TYPES, type QuestionType } from './question-types/index.js';

export interface DeckTopic {
  id: string;
  title: string;
}

export interface DeckCase {
  id: string;
  title: string;
  scenario: string;
}

export interface DeckOption {
  text: string;
  correct: boolean;
  /** Why this option fits (correct) or does not fit this scenario (wrong). */
  why?: string;
}

export interface MatchPair {
  left: string;
  right: string;
}

interface QuestionBase {
  id: string;
  topic: string;
  prompt: string;
  explanation?: string;
  difficulty?: 1 | 2 | 3;
  /** Seconds the question stays open. */
  time?: number;
  /** Exam guide task statement, e.g. "3.1". */
  task?: string;
  /** Skill tags of the exam guide (server/deck/skills.ts), e.g. ["scaling-metric"]. */
  skills?: string[];
  refs?: string[];
  /** Id of a case study in the deck's `cases`. */
  case?: string;
}

/** A deck question of type T: the common fields, `type`, and the fields of its type (shared/question-types/). */
export type DeckQuestionOf<T extends QuestionType> = { [K in T]: QuestionBase & { type: K } & DeckFieldsOf<K> }[T];
export type DeckQuestion = DeckQuestionOf<QuestionType>;

export interface Deck {
  id: string;
  title: string;
  description?: string;
  /**
   * `import` marks a deck converted from a spreadsheet (npm run content:import):
   * it is checked in non-strict mode (missing why/explanation/difficulty are
   * warnings, single may have 2-4 options, multi 3-6). Absent for decks we write.
   */
  source?: 'import';
  topics: DeckTopic[];
  cases?: DeckCase[];
  questions: DeckQuestion[];
}

/** What the host sees when picking a deck (no questions, no answers). */
export interface DeckSummary {
  id: string;
  title: string;
  description: string;
  questionCount: number;
  /** Each topic with the number of its questions (for the host's topic picker). */
  topics: (DeckTopic & { questionCount: number })[];
}

export const DEFAULT_QUESTION_SECONDS = 20;
