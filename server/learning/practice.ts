/**
 * Solo practice as a pure engine: (session, command, now) -> session + what the phone may see.
 * The server serves one question at a time and grades each answer with the game's own grading
 * (engine/grading.ts); the right answer, the whys and the explanation of a question are only in the
 * feedback that answering it returns. Timed practice uses each question's game time; an answer after
 * the time is up counts as a miss.
 */
import type { PracticeFeedback, PracticeState, PracticeSummary } from '../../shared/learning.js';
import type { AnswerPayload, ProtocolError } from '../../shared/protocol.js';
import { checkShape, grade } from '../engine/grading.js';
import type { PreparedQuestion } from '../engine/types.js';
import { answeredReview } from './review.js';
import { topicResults } from './topics.js';

/** Network slack on a timed question's deadline, ms. */
export const PRACTICE_GRACE_MS = 500;

export interface PracticeResult {
  credit: number;
  /** Absent when the player gave up ("Show me the answer"). */
  answer?: AnswerPayload;
  late: boolean;
  at: number;
}

export interface PracticeSession {
  token: string;
  version: number;
  deviceId?: string;
  deckId: string;
  deckTitle: string;
  topics: { id: string; title: string }[];
  questions: PreparedQuestion[];
  timed: boolean;
  index: number;
  openedAt: number;
  /** 0 when untimed. */
  deadline: number;
  /** results[i] is question i's, once answered. */
  results: PracticeResult[];
  done: boolean;
  createdAt: number;
  updatedAt: number;
}

export type PracticeOutcome = { ok: true; session: PracticeSession } | { ok: false; error: ProtocolError };

const fail = (code: ProtocolError['code'], message: string): PracticeOutcome => ({ ok: false, error: { code, message } });

export function newPractice(init: {
  token: string;
  deviceId?: string;
  deckId: string;
  deckTitle: string;
  topics: { id: string; title: string }[];
  questions: PreparedQuestion[];
  timed: boolean;
  now: number;
}): PracticeSession {
  const { now, ...rest } = init;
  const first = init.questions[0];
  return {
    ...rest,
    version: 1,
    index: 0,
    openedAt: now,
    deadline: init.timed && first ? now + first.durationMs : 0,
    results: [],
    done: false,
    createdAt: now,
    updatedAt: now,
  };
}

const titleOf = (s: PracticeSession, topic: string) => s.topics.find((t) => t.id === topic)?.title ?? topic;

export function feedbackOf(s: PracticeSession, index: number): PracticeFeedback | undefined {
  const r = s.results[index];
  const q = s.questions[index];
  if (!r || !q) return undefined;
  return { ...answeredReview(q, titleOf(s, q.topic), index + 1, r.credit, r.answer), index, late: r.late };
}

export function summaryOf(s: PracticeSession): PracticeSummary {
  const rows = s.results.map((r, i) => ({ topic: s.questions[i].topic, credit: r.credit }));
  return {
    total: s.questions.length,
    correct: s.results.filter((r) => r.credit === 1).length,
    topics: topicResults(s.topics, rows).filter((t) => t.mastery !== null),
    misses: s.results.flatMap((r, i) => (r.credit < 1 ? [feedbackOf(s, i)!] : [])),
  };
}

/** What the phone may see now: the open question has no answer key in it. */
export function practiceState(s: PracticeSession, now: number): PracticeState {
  const q = s.questions[s.index];
  const phase = s.done ? 'done' : s.results.length > s.index ? 'feedback' : 'question';
  const state: PracticeState = {
    deck: { id: s.deckId, title: s.deckTitle },
    total: s.questions.length,
    index: s.index,
    timed: s.timed,
    phase,
    scored: s.results.filter((r) => r.credit === 1).length,
  };
  if (q && phase !== 'done') {
    state.question = {
      ...q.view,
      index: s.index,
      total: s.questions.length,
      openedAt: s.openedAt,
      deadline: s.deadline,
      durationMs: s.timed ? q.durationMs : 0,
      introMs: 0, // solo practice has no get-ready beat
      serverNow: now,
    };
  }
  if (phase === 'feedback') state.feedback = feedbackOf(s, s.index);
  if (phase === 'done') state.summary = summaryOf(s);
  return state;
}

function checkOpen(s: PracticeSession, index: number): PracticeOutcome | null {
  if (s.done) return fail('WRONG_PHASE', 'This practice round is over — start another.');
  if (index !== s.index) return fail('WRONG_QUESTION', 'That question is no longer open.');
  if (s.results.length > index) return fail('ALREADY_ANSWERED', 'You already answered this question.');
  return null;
}

const record = (s: PracticeSession, r: PracticeResult, now: number): PracticeSession => ({
  ...s,
  results: [...s.results, r],
  version: s.version + 1,
  updatedAt: now,
});

/** Grades an answer to the open question with the game's grading; late (timed) answers count as misses. */
export function answerPractice(s: PracticeSession, index: number, answer: AnswerPayload, now: number): PracticeOutcome {
  const refused = checkOpen(s, index);
  if (refused) return refused;
  const q = s.questions[index];
  const shape = checkShape(q, answer);
  if (!shape.ok) return fail('INVALID_ANSWER', shape.message);
  const late = s.timed && now > s.deadline + PRACTICE_GRACE_MS;
  return { ok: true, session: record(s, { credit: late ? 0 : grade(q.correct, answer), answer, late, at: now }, now) };
}

/** "Show me the answer" (or the time ran out with nothing chosen): a miss. */
export function giveUpPractice(s: PracticeSession, index: number, now: number): PracticeOutcome {
  const refused = checkOpen(s, index);
  if (refused) return refused;
  return { ok: true, session: record(s, { credit: 0, late: s.timed && now > s.deadline, at: now }, now) };
}

/** From the feedback of question i to question i + 1, or to the end. */
export function nextPractice(s: PracticeSession, now: number): PracticeOutcome {
  if (s.done) return fail('WRONG_PHASE', 'This practice round is over — start another.');
  if (s.results.length <= s.index) return fail('WRONG_PHASE', 'Answer this question first.');
  const index = s.index + 1;
  const bump = { version: s.version + 1, updatedAt: now };
  if (index >= s.questions.length) return { ok: true, session: { ...s, ...bump, done: true } };
  const deadline = s.timed ? now + s.questions[index].durationMs : 0;
  return { ok: true, session: { ...s, ...bump, index, openedAt: now, deadline } };
}
