/**
 * Room transitions as a pure reducer: (state, event, now) -> { state, effects }.
 * No sockets, timers or store in here; the gateway runs the effects.
 *
 *   lobby --start--> question --deadline|allAnswered|skip--> closing --(scores committed, close.ts)--> reveal
 *   reveal --next|advance--> leaderboard --next|advance--> question (next index) | ended
 *   any --end--> ended;  ended --restart--> lobby (same PIN, same players, scores reset)
 *
 * A question opens with its get-ready beat (settings.introMs): `openedAt` is the beat's end, when answers
 * open, and `deadline = openedAt + duration`; skip, pause and add time work during the beat too.
 *
 * Live control (clock.ts): pause/resume at any phase before the end, add time to the open question,
 * lock/unlock joins, kick players in any phase before the end.
 */
import type { ProtocolError } from '../../shared/protocol.js';
import { addTime, openedClock, pauseClock, resumeClock } from './clock.js';
import type { RoomSettings, RoomState } from './types.js';

export const DEFAULT_SETTINGS: RoomSettings = {
  timing: 'fit',
  timeFactor: 1,
  topics: [],
  lateJoin: true,
  autoAdvance: null,
  expectedMs: 0,
};

/** A new room in the lobby: the state every game starts from. */
export function newRoom(init: {
  pin: string;
  hostToken: string;
  deckId: string;
  deckTitle: string;
  scoring: RoomState['scoring'];
  questionCount: number;
  topicTitles: Record<string, string>;
  settings?: RoomSettings;
  now: number;
}): RoomState {
  const { now, settings, ...rest } = init;
  return {
    ...rest,
    settings: settings ?? DEFAULT_SETTINGS,
    version: 1,
    phase: 'lobby',
    index: -1,
    openedAt: 0,
    deadline: 0,
    createdAt: now,
    updatedAt: now,
    topicStats: {},
    locked: false,
    extraMs: 0,
    advanceAt: 0,
  };
}

/** The projector's token, or a token a host remote claimed. */
export function isHost(state: RoomState, token: string): boolean {
  return token.length > 0 && (token === state.hostToken || (state.remoteTokens ?? []).includes(token));
}

/** A remote link lives this long unless used. */
export const REMOTE_LINK_MS = 10 * 60 * 1000;
/** Devices that may hold a remote host token at once (the oldest is dropped). */
export const REMOTE_DEVICES_MAX = 5;

export type HostCommand = 'start' | 'next' | 'skip' | 'end' | 'kick' | 'pause' | 'resume' | 'addTime' | 'lock' | 'unlock' | 'restart';

export type RoomEvent =
  | { type: 'start'; hostToken: string }
  | { type: 'next'; hostToken: string }
  | { type: 'skip'; hostToken: string }
  | { type: 'end'; hostToken: string }
  | { type: 'kick'; hostToken: string; playerIds: string[] }
  | { type: 'pause'; hostToken: string }
  | { type: 'resume'; hostToken: string }
  | { type: 'addTime'; hostToken: string; ms: number }
  | { type: 'lock'; hostToken: string }
  | { type: 'unlock'; hostToken: string }
  /** A new game in the same room: `questionCount` questions freshly prepared by the gateway. */
  | { type: 'restart'; hostToken: string; questionCount: number; expectedMs: number }
  /** Host remote: a new one-time link code (made by the gateway, random). */
  | { type: 'remoteLink'; hostToken: string; code: string }
  /** A device exchanges the one-time code for its own host token. */
  | { type: 'claim'; code: string; deviceToken: string }
  /** From the timer: the question's deadline has passed. */
  | { type: 'deadline'; index: number }
  /** From the answer path or presence: every connected player has answered. */
  | { type: 'allAnswered'; index: number }
  /** From the timer: auto-advance is due in the reveal or leaderboard of question `index`. */
  | { type: 'advance'; index: number; phase: 'reveal' | 'leaderboard' };

export type Effect =
  | { type: 'openQuestion'; index: number; openedAt: number; deadline: number }
  | { type: 'scoreQuestion'; index: number }
  | { type: 'showLeaderboard'; index: number }
  | { type: 'endGame' }
  | { type: 'kickPlayers'; playerIds: string[] }
  /** The room clock changed (pause, resume, time added): tell everyone and re-arm the timer. */
  | { type: 'clock' }
  | { type: 'lockChanged'; locked: boolean }
  | { type: 'restartGame' };

export type ReduceResult =
  | { ok: true; state: RoomState; effects: Effect[] }
  | { ok: false; error: ProtocolError };

const fail = (code: ProtocolError['code'], message: string): ReduceResult => ({ ok: false, error: { code, message } });

/** `durationOf(i)` gives question i's answer window in ms (the engine does not hold the questions). */
export function reduce(state: RoomState, event: RoomEvent, now: number, durationOf: (index: number) => number): ReduceResult {
  if ('hostToken' in event && !isHost(state, event.hostToken)) {
    return fail('NOT_HOST', 'Only the host can do that.');
  }
  const bump = (patch: Partial<RoomState>): RoomState => ({ ...state, ...patch, version: state.version + 1, updatedAt: now });
  const unchanged: ReduceResult = { ok: true, state, effects: [] };
  // The question goes out now, at the start of its get-ready beat; answers open when the beat ends.
  const open = (index: number): ReduceResult => {
    const openedAt = now + (state.settings.introMs ?? 0);
    const deadline = openedAt + durationOf(index);
    return {
      ok: true,
      state: bump({ phase: 'question', index, openedAt, deadline, reveal: undefined, closedBy: undefined, ...openedClock() }),
      effects: [{ type: 'openQuestion', index, openedAt, deadline }],
    };
  };
  const close = (index: number, closedBy: RoomState['closedBy']): ReduceResult => ({
    ok: true,
    state: bump({ phase: 'closing', closedBy }),
    effects: [{ type: 'scoreQuestion', index }],
  });
  const advance = (): ReduceResult => {
    if (state.phase === 'reveal') {
      const auto = state.settings.autoAdvance;
      return {
        ok: true,
        state: bump({ phase: 'leaderboard', pause: undefined, advanceAt: auto ? now + auto.leaderboardMs : 0 }),
        effects: [{ type: 'showLeaderboard', index: state.index }, ...(auto ? [{ type: 'clock' } as const] : [])],
      };
    }
    if (state.index + 1 < state.questionCount) return open(state.index + 1);
    return { ok: true, state: bump({ phase: 'ended', pause: undefined, advanceAt: 0 }), effects: [{ type: 'endGame' }] };
  };

  switch (event.type) {
    case 'start': {
      if (state.phase !== 'lobby') return fail('WRONG_PHASE', 'The game has already started.');
      if (state.questionCount < 1) return fail('WRONG_PHASE', 'This game has no questions.');
      const r = open(0);
      // "No joining after the start" is a lock the host can still lift.
      if (r.ok && !state.settings.lateJoin) r.state.locked = true;
      return r;
    }

    case 'next':
      if (state.phase === 'reveal' || state.phase === 'leaderboard') return advance();
      return fail('WRONG_PHASE', state.phase === 'lobby' ? 'Start the game first.' : 'Wait for the question to close.');

    case 'advance':
      if (state.phase !== event.phase || state.index !== event.index) return unchanged;
      if (state.pause || state.advanceAt === 0 || now < state.advanceAt) return unchanged;
      return advance();

    case 'skip':
      if (state.phase !== 'question') return fail('WRONG_PHASE', 'There is no open question to skip.');
      return close(state.index, 'skip');

    case 'end':
      if (state.phase === 'ended') return fail('WRONG_PHASE', 'The game has already ended.');
      return { ok: true, state: bump({ phase: 'ended', pause: undefined, advanceAt: 0 }), effects: [{ type: 'endGame' }] };

    case 'kick':
      if (state.phase === 'ended') return fail('WRONG_PHASE', 'The game has ended.');
      if (event.playerIds.length === 0) return fail('BAD_REQUEST', 'Bad request: playerIds: name at least one player.');
      return { ok: true, state, effects: [{ type: 'kickPlayers', playerIds: event.playerIds }] };

    case 'pause': {
      if (state.phase === 'ended') return fail('WRONG_PHASE', 'The game has ended.');
      if (state.pause) return unchanged; // already paused: a retried pause is harmless
      return { ok: true, state: bump(pauseClock(state, now)), effects: [{ type: 'clock' }] };
    }

    case 'resume':
      if (!state.pause) return unchanged;
      return { ok: true, state: bump(resumeClock(state, now)), effects: [{ type: 'clock' }] };

    case 'addTime': {
      if (state.phase !== 'question') return fail('WRONG_PHASE', 'There is no open question to add time to.');
      return { ok: true, state: bump(addTime(state, event.ms)), effects: [{ type: 'clock' }] };
    }

    case 'lock':
    case 'unlock': {
      if (state.phase === 'ended') return fail('WRONG_PHASE', 'The game has ended.');
      const locked = event.type === 'lock';
      if (state.locked === locked) return unchanged;
      return { ok: true, state: bump({ locked }), effects: [{ type: 'lockChanged', locked }] };
    }

    case 'restart': {
      if (state.phase !== 'ended') return fail('WRONG_PHASE', 'End this game before starting a new one.');
      if (event.questionCount < 1) return fail('WRONG_PHASE', 'This game has no questions.');
      const { pin, hostToken, deckId, deckTitle, scoring, topicTitles, remoteTokens } = state;
      const settings = { ...state.settings, expectedMs: event.expectedMs };
      const fresh = newRoom({ pin, hostToken, deckId, deckTitle, scoring, topicTitles, questionCount: event.questionCount, settings, now });
      return {
        ok: true,
        state: { ...fresh, ...(remoteTokens ? { remoteTokens } : {}), version: state.version + 1 },
        effects: [{ type: 'restartGame' }],
      };
    }

    case 'remoteLink':
      if (state.phase === 'ended') return fail('WRONG_PHASE', 'The game has ended.');
      return { ok: true, state: bump({ remoteCode: { code: event.code, expiresAt: now + REMOTE_LINK_MS } }), effects: [] };

    case 'claim': {
      const rc = state.remoteCode;
      if (!rc || rc.code !== event.code || now > rc.expiresAt || state.phase === 'ended') {
        return fail('NOT_HOST', 'This host link has been used or has expired — show a new one on the projector.');
      }
      const remoteTokens = [...(state.remoteTokens ?? []), event.deviceToken].slice(-REMOTE_DEVICES_MAX);
      return { ok: true, state: bump({ remoteCode: undefined, remoteTokens }), effects: [] };
    }

    case 'deadline':
      if (state.phase !== 'question' || state.index !== event.index || state.pause) return unchanged;
      if (now < state.deadline) return unchanged;
      return close(event.index, 'deadline');

    case 'allAnswered':
      // While paused the question stays open; resuming checks again.
      if (state.phase !== 'question' || state.index !== event.index || state.pause) return unchanged;
      return close(event.index, 'allAnswered');
  }
}
