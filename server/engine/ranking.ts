/**
 * Standings. Points decide; ties in points share a rank (1, 1, 3).
 * Display order among tied players: more fully correct answers, then less
 * total time on them, then earlier join.
 */
import type { LeaderboardEntry } from '../../shared/protocol.js';
import type { PlayerRecord } from './types.js';

export type Rankable = Pick<PlayerRecord, 'id' | 'name' | 'score' | 'correct' | 'correctTimeMs' | 'joinedAt' | 'kicked'>;

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

export function toEntries(ranked: { player: Rankable; rank: number }[], limit: number): LeaderboardEntry[] {
  return ranked.slice(0, limit).map(({ player, rank }) => ({
    id: player.id,
    name: player.name,
    score: player.score,
    rank,
    correct: player.correct,
  }));
}
