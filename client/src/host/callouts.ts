/**
 * The leaderboard's callouts ("Ana overtakes Ben", "Chloé: 4 in a row"), as a plain function of
 * the entries the server sent. Only what the entries prove is said: an overtake needs both players'
 * previous ranks (none after the first question), players who share a rank are level, not ahead.
 * At most MAX_CALLOUTS, the most interesting first; each player leads at most one callout.
 */

/** The fields a callout needs (LeaderboardEntry has them). */
export interface CalloutEntry {
  id: string;
  name: string;
  rank: number;
  previousRank?: number;
  /** Right answers in a row up to this question. */
  streak?: number;
}

export type CalloutKind = 'lead' | 'overtake' | 'level' | 'streak';

export interface Callout {
  kind: CalloutKind;
  text: string;
  /** The player the callout is about. */
  id: string;
}

export const MAX_CALLOUTS = 3;
/** A streak is worth a callout from this many right answers in a row. */
export const STREAK_MIN = 3;

interface Scored extends Callout {
  score: number;
  rank: number;
}

function others(names: string[]): string {
  if (names.length === 1) return names[0];
  if (names.length === 2) return `${names[0]} and ${names[1]}`;
  return `${names[0]} and ${names.length - 1} others`;
}

/** What one player did against the others: a lead taken, an overtake or drawing level, if any. */
function movement(e: CalloutEntry, all: readonly CalloutEntry[]): Scored | null {
  const was = e.previousRank;
  if (was === undefined || was <= e.rank) return null;
  const before = all.filter((o) => o.id !== e.id && o.previousRank !== undefined && o.previousRank < was);
  // Best placed first, so the headline names the biggest scalp.
  const passed = before.filter((o) => o.rank > e.rank).sort((a, b) => a.previousRank! - b.previousRank! || a.rank - b.rank);
  const level = before.filter((o) => o.rank === e.rank).sort((a, b) => a.previousRank! - b.previousRank!);
  const jump = was - e.rank;
  if (passed.length > 0) {
    const names = passed.map((o) => o.name);
    const lead = e.rank === 1 && level.length === 0;
    return lead
      ? { kind: 'lead', id: e.id, rank: e.rank, score: 1000 + jump, text: `${e.name} takes the lead from ${others(names)}` }
      : { kind: 'overtake', id: e.id, rank: e.rank, score: 60 + jump * 10 + (e.rank <= 3 ? 20 : 0), text: `${e.name} overtakes ${others(names)}` };
  }
  if (level.length > 0) {
    const names = level.map((o) => o.name);
    const text = e.rank === 1 ? `${e.name} joins ${others(names)} in the lead` : `${e.name} draws level with ${others(names)}`;
    return { kind: 'level', id: e.id, rank: e.rank, score: 40 + jump * 5 + (e.rank === 1 ? 30 : 0), text };
  }
  return null;
}

function streakOf(e: CalloutEntry): Scored | null {
  const n = e.streak ?? 0;
  if (n < STREAK_MIN) return null;
  return { kind: 'streak', id: e.id, rank: e.rank, score: 30 + n * 8, text: `${e.name}: ${n} in a row` };
}

/** The callouts for one leaderboard, most interesting first (ties broken by rank, then name). */
export function callouts(entries: readonly CalloutEntry[], max = MAX_CALLOUTS): Callout[] {
  const candidates: Scored[] = [];
  for (const e of entries) {
    const m = movement(e, entries);
    const s = streakOf(e);
    // One callout per player: whichever says more.
    const best = m && s ? (m.score >= s.score ? m : s) : (m ?? s);
    if (best) candidates.push(best);
  }
  candidates.sort((a, b) => b.score - a.score || a.rank - b.rank || a.text.localeCompare(b.text));
  return candidates.slice(0, Math.max(0, max)).map(({ kind, text, id }) => ({ kind, text, id }));
}

/** Places moved since the last leaderboard: positive = up; 0 when unknown or unchanged. */
export function placesMoved(e: Pick<CalloutEntry, 'rank' | 'previousRank'>): number {
  return e.previousRank === undefined ? 0 : e.previousRank - e.rank;
}

/**
 * The order to draw the rows in before they move: by previous rank (players new to the list last,
 * in their new order), so animate:flip carries each row from its old place to its new one.
 */
export function previousOrder<T extends Pick<CalloutEntry, 'rank' | 'previousRank'>>(entries: readonly T[]): T[] {
  const far = Number.POSITIVE_INFINITY;
  return entries
    .map((e, i) => ({ e, i }))
    .sort((a, b) => (a.e.previousRank ?? far) - (b.e.previousRank ?? far) || a.e.rank - b.e.rank || a.i - b.i)
    .map(({ e }) => e);
}
