/**
 * Room transitions as a pure reducer: (state, event, now) -> { state, effects }.
 * No sockets, timers or store in here; the gateway runs the effects.
 *
 *   lobby --start--> question --deadline|allAnswered|skip--> closing --(scores committed, close.ts)--> reveal
 *   reveal --next--> leaderboard --next--> question (next index) | ended
 *   any --end--> ended
 */
import type { ProtocolError } from '../../shared/protocol.js';
import type { RoomState } from './types.js';

/** A new room in the lobby: the state every game starts from. */
export function newRoom(init: {
  pin: string;
  hostToken: string;
  deckId: string;
  deckTitle: string;
  scoring: RoomState['scoring'];
  questionCount: number;
  topicTitles: Record<string, string>;
  now: number;
}): RoomState {
  const { now, ...rest } = init;
  return { ...rest, version: 1, phase: 'lobby', index: -1, openedAt: 0, deadline: 0, createdAt: now, updatedAt: now, topicStats: {} };
}

export type HostCommand = 'start' | 'next' | 'skip' | 'end' | 'kick';

export type RoomEvent =
  | { type: 'start'; hostToken: string }
  | { type: 'next'; hostToken: string }
  | { type: 'skip'; hostToken: string }
  | { type: 'end'; hostToken: string }
  | { type: 'kick'; hostToken: string; playerId: string }
  /** From the timer: the question's deadline has passed. */
  | { type: 'deadline'; index: number }
  /** From the answer path: every player has answered. */
  | { type: 'allAnswered'; index: number };

export type Effect =
  | { type: 'openQuestion'; index: number; openedAt: number; deadline: number }
  | { type: 'scoreQuestion'; index: number }
  | { type: 'showLeaderboard'; index: number }
  | { type: 'endGame' }
  | { type: 'kickPlayer'; playerId: string };

export type ReduceResult =
  | { ok: true; state: RoomState; effects: Effect[] }
  | { ok: false; error: ProtocolError };

const fail = (code: ProtocolError['code'], message: string): ReduceResult => ({ ok: false, error: { code, message } });

/** `durationOf(i)` gives question i's answer window in ms (the engine does not hold the questions). */
export function reduce(state: RoomState, event: RoomEvent, now: number, durationOf: (index: number) => number): ReduceResult {
  if ('hostToken' in event && event.hostToken !== state.hostToken) {
    return fail('NOT_HOST', 'Only the host can do that.');
  }
  const bump = (patch: Partial<RoomState>): RoomState => ({ ...state, ...patch, version: state.version + 1, updatedAt: now });
  const open = (index: number): ReduceResult => {
    const deadline = now + durationOf(index);
    return {
      ok: true,
      state: bump({ phase: 'question', index, openedAt: now, deadline, reveal: undefined }),
      effects: [{ type: 'openQuestion', index, openedAt: now, deadline }],
    };
  };
  const close = (index: number): ReduceResult => ({
    ok: true,
    state: bump({ phase: 'closing' }),
    effects: [{ type: 'scoreQuestion', index }],
  });

  switch (event.type) {
    case 'start':
      if (state.phase !== 'lobby') return fail('WRONG_PHASE', 'The game has already started.');
      if (state.questionCount < 1) return fail('WRONG_PHASE', 'This game has no questions.');
      return open(0);

    case 'next':
      if (state.phase === 'reveal') {
        return { ok: true, state: bump({ phase: 'leaderboard' }), effects: [{ type: 'showLeaderboard', index: state.index }] };
      }
      if (state.phase === 'leaderboard') {
        if (state.index + 1 < state.questionCount) return open(state.index + 1);
        return { ok: true, state: bump({ phase: 'ended' }), effects: [{ type: 'endGame' }] };
      }
      return fail('WRONG_PHASE', state.phase === 'lobby' ? 'Start the game first.' : 'Wait for the question to close.');

    case 'skip':
      if (state.phase !== 'question') return fail('WRONG_PHASE', 'There is no open question to skip.');
      return close(state.index);

    case 'end':
      if (state.phase === 'ended') return fail('WRONG_PHASE', 'The game has already ended.');
      return { ok: true, state: bump({ phase: 'ended' }), effects: [{ type: 'endGame' }] };

    case 'kick':
      if (state.phase === 'ended') return fail('WRONG_PHASE', 'The game has ended.');
      return { ok: true, state, effects: [{ type: 'kickPlayer', playerId: event.playerId }] };

    case 'deadline':
      if (state.phase !== 'question' || state.index !== event.index) return { ok: true, state, effects: [] };
      if (now < state.deadline) return { ok: true, state, effects: [] };
      return close(event.index);

    case 'allAnswered':
      if (state.phase !== 'question' || state.index !== event.index) return { ok: true, state, effects: [] };
      return close(event.index);
  }
}
