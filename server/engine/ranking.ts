/**
 * Standings. Points decide; ties in points share a rank (1, 1, 3).
 * Display order among tied players: more fully correct answers, then less
 * total time on them, then earlier join.
 */
import type { LeaderboardEntry } from '../../shared/protocol.js';
import type { PlayerRecord } from './types.js';

export type Rankable = Pick<PlayerRecord, 'id' | 'name' | 'score' | 'streak' | 'correct' | 'correctTimeMs' | 'joinedAt' | 'kicked'> & {
  /** Rank before the last question's points (close.ts); absent when unknown. */
  previousRank?: number;
};

export function compareStanding(a: Rankable, b: Rankable): number {
  return b.score - a.score || b.correct - a.correct || a.correctTimeMs - b.correctTimeMs || a.joinedAt - b.joinedAt;
}

/** Every non-kicked player with a rank, best first. */
export function rankPlayers<P extends Rankable>(players: P[]): { player: P; rank: number }[] {
  const sorted = players.filter((p) => !p.kicked).sort(compareStanding);
  const out: { player: P; rank: number }[] = [];
  sorted.forEach((player, i) => {
    const prev = out[i - 1];
    const rank = prev && prev.player.score === player.score ? prev.rank : i + 1;
    out.push({ player, rank });
  });
  return out;
}

/**
 * The rank each score has among `scores` (points decide, ties share: 1, 1, 3), as a lookup. One numeric
 * sort and one pass, so the close can rank the scores from before a question's points without a second
 * sort of the players (rooms of 10,000).
 */
export function rankOfScore(scores: Iterable<number>): (score: number) => number {
  const sorted = Float64Array.from(scores).sort().reverse();
  const ranks = new Map<number, number>();
  sorted.forEach((s, i) => {
    if (!ranks.has(s)) ranks.set(s, i + 1);
  });
  return (score) => ranks.get(score) ?? sorted.length + 1;
}

export function toEntries(ranked: { player: Rankable; rank: number }[], limit: number): LeaderboardEntry[] {
  return ranked.slice(0, limit).map(({ player, rank }) => ({
    id: player.id,
    name: player.name,
    score: player.score,
    rank,
    ...(player.previousRank !== undefined ? { previousRank: player.previousRank } : {}),
    correct: player.correct,
    streak: player.streak,
  }));
}
