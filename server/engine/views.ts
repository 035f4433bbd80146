/**
 * What each client is allowed to see, built from server state. Question views
 * never carry the correct answer; reveal views are only built once a question
 * has closed (room.reveal is set by close.ts).
 */
import type { FinalView, PlayerResult, PlayerResultFrame, PlayerState, PodiumView, QuestionView, RevealView } from '../../shared/protocol.js';
import type { Phase } from '../../shared/protocol.js';
import { introLeftMs } from './clock.js';
import { rankPlayers, toEntries } from './ranking.js';
import type { AnswerRecord, PlayerRecord, PreparedQuestion, RoomState } from './types.js';

export function clientPhase(room: RoomState): Phase {
  return room.phase === 'closing' ? 'question' : room.phase;
}

export function questionView(room: RoomState, q: PreparedQuestion, now: number): QuestionView {
  return {
    ...q.view,
    index: room.index,
    total: room.questionCount,
    openedAt: room.openedAt,
    deadline: room.deadline,
    durationMs: q.durationMs,
    introMs: introLeftMs(room, now),
    serverNow: now,
  };
}

export function revealView(room: RoomState, q: PreparedQuestion): RevealView | undefined {
  const r = room.reveal;
  if (!r || r.index !== room.index) return undefined;
  // One member of the RevealView union: `correct` is of the question's own type.
  return {
    index: r.index,
    correct: q.correct,
    explanation: q.explanation,
    whys: q.whys,
    distribution: r.distribution,
    answered: r.answered,
    players: r.players,
    ...(room.closedBy === 'skip' ? { skipped: true } : {}),
  } as RevealView;
}

export const PODIUM_SIZE = 3;

/** A phone's one frame when a question closes: its own result, then the reveal (the bytes `player:result` carries). */
export function resultFrame(result: PlayerResult, reveal: RevealView): PlayerResultFrame {
  return { ...result, reveal };
}

export function podiumView(room: RoomState, players: PlayerRecord[]): PodiumView {
  const ranked = rankPlayers(players);
  return {
    top: toEntries(ranked, PODIUM_SIZE),
    players: ranked.length,
    topics: Object.entries(room.topicStats).map(([topic, s]) => ({
      topic,
      title: room.topicTitles[topic] ?? topic,
      asked: s.asked,
      credit: s.asked ? s.credit / s.asked : 0,
    })),
  };
}

export function finalView(p: PlayerRecord, players: number): FinalView {
  return { rank: p.rank ?? players, score: p.score, correct: p.correct, players };
}

/** Everything a (re)joining player needs to show the current screen. */
export function playerState(
  room: RoomState,
  q: PreparedQuestion | undefined,
  p: PlayerRecord,
  answer: AnswerRecord | null,
  playerCount: number,
  now: number,
): PlayerState {
  const phase = clientPhase(room);
  const state: PlayerState = {
    phase,
    pin: room.pin,
    deckTitle: room.deckTitle,
    you: { id: p.id, name: p.name, score: p.score, streak: p.streak },
  };
  if (q && (phase === 'question' || phase === 'reveal' || phase === 'leaderboard')) {
    state.question = questionView(room, q, now);
    if (answer) state.yourAnswer = answer.answer;
  }
  if (q && (phase === 'reveal' || phase === 'leaderboard')) {
    state.reveal = revealView(room, q);
    if (p.last && p.last.index === room.index) state.result = p.last;
  }
  if (phase === 'ended') state.final = finalView(p, playerCount);
  return state;
}
