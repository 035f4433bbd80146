/**
 * The get-ready beat before a question opens, as plain functions: what kind of question is coming,
 * the topic's name, and how much of the beat is left on the server's clock (never a local timer).
 */
import type { QuestionType, QuestionView } from '../../../shared/protocol.js';

/** What the room is about to do, per type (a new type that is missing here does not compile). */
const KIND: { [T in QuestionType]: (q: Extract<QuestionView, { type: T }>) => string } = {
  single: () => 'Pick one answer',
  multi: (q) => `Choose ${q.choose}`,
  truefalse: () => 'True or false',
  match: () => 'Match the pairs',
  order: () => 'Put in order',
};

export function questionKind(q: QuestionView): string {
  const f = KIND[q.type] as ((q: QuestionView) => string) | undefined;
  return f ? f(q) : '';
}

/** A topic's title from what the host knows (the game's topics, then the deck's), else its id. */
export function topicTitle(id: string, ...lists: ({ id: string; title: string }[] | undefined)[]): string {
  for (const list of lists) {
    const t = list?.find((x) => x.id === id);
    if (t) return t.title;
  }
  return id;
}

/** The beat's length as the server sent it (`introMs`, from issue 14's protocol; 0 when none). */
export function introMsOf(v: object): number {
  const ms = (v as { introMs?: unknown }).introMs;
  return typeof ms === 'number' && Number.isFinite(ms) ? Math.max(0, ms) : 0;
}

/**
 * Beat left (ms) at server time `now`: until `openedAt`; while paused, what the server froze
 * (`pausedIntroMs`). 0 once answers are open.
 */
export function introLeft(openedAt: number, now: number, paused = false, pausedIntroMs = 0): number {
  if (paused) return Math.max(0, pausedIntroMs);
  return Math.max(0, openedAt - now);
}
