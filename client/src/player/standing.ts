/**
 * Where this player stands, kept across screens (the locked-in wait and the leaderboard screen need it
 * after the result it came from is gone). Plain functions, unit-tested in tests/client/player-wording.test.ts.
 */
import type { LeaderboardView, PlayerResult } from '../../../shared/protocol.js';

export interface Standing {
  /** The question these standings follow (0-based). */
  index: number;
  rank: number;
  players: number;
  /** The rank after the question before; undefined after the first. */
  previousRank?: number;
  /** Someone else has the same rank. */
  tied: boolean;
}

/** After a question's result: the server says the rank before it (absent on the first question). */
export function standingFromResult(r: PlayerResult, before: Standing | null): Standing {
  // The same question's result again (a rejoin during the reveal) keeps what the leaderboard said of ties.
  const tied = before?.index === r.index ? before.tied : false;
  return { index: r.index, rank: r.rank, players: r.players, previousRank: r.previousRank, tied };
}

/** The leaderboard tells ties among its top entries; a player beyond them keeps what the result said. */
export function standingFromLeaderboard(l: LeaderboardView, meId: string | undefined, before: Standing | null): Standing | null {
  const me = l.top.find((e) => e.id === meId);
  if (!me) return before && before.index === l.index ? before : null;
  const tied = l.top.some((e) => e.id !== me.id && e.rank === me.rank);
  return { index: l.index, rank: me.rank, players: l.players, previousRank: me.previousRank, tied };
}
