/**
 * The room clock under the host's control: pause, resume, add time, and the
 * auto-advance pauses after a reveal. Pure: each function returns the fields
 * of the room that change.
 *
 * While paused in a question, `deadline` is set to the moment of the pause, so the
 * store (which accepts an answer only when its receipt time is within the deadline)
 * refuses every answer received after the pause, atomically, on every process; the
 * remaining time is kept in `pause.remainingMs` to the millisecond. On resume the
 * deadline is `now + remainingMs` and `openedAt` moves forward by the pause's length,
 * so answer times (and speed points) do not count the pause.
 *
 * The get-ready beat (issue 14) needs nothing of its own: during it `openedAt` lies ahead and the
 * remaining time runs to the deadline, so a pause in the beat freezes the beat too; on resume the
 * beat's rest runs first (`openedAt` = resume time + what was left of it), then the whole answer window.
 */
import type { RoomState } from './types.js';

type Patch = Partial<RoomState>;

/** Fields reset when a question opens. */
export function openedClock(): Patch {
  return { pause: undefined, extraMs: 0, advanceAt: 0 };
}

/** The ms left on the room's running clock at `now`: the question's deadline, or the auto-advance; 0 when none runs. */
export function remainingMs(room: RoomState, now: number): number {
  if (room.pause) return room.pause.remainingMs;
  if (room.phase === 'question') return Math.max(0, room.deadline - now);
  if ((room.phase === 'reveal' || room.phase === 'leaderboard') && room.advanceAt > 0) return Math.max(0, room.advanceAt - now);
  return 0;
}

/** Ms of the open question's get-ready beat left at `now` (frozen while paused); 0 after it. */
export function introLeftMs(room: RoomState, now: number): number {
  if (room.phase !== 'question' && room.phase !== 'closing') return 0;
  return Math.max(0, room.openedAt - (room.pause ? room.pause.at : now));
}

export function pauseClock(room: RoomState, now: number): Patch {
  const pause = { at: now, remainingMs: remainingMs(room, now) };
  if (room.phase === 'question') return { pause, deadline: Math.min(room.deadline, now) };
  return { pause, advanceAt: 0 };
}

export function resumeClock(room: RoomState, now: number): Patch {
  const p = room.pause;
  if (!p) return {};
  if (room.phase === 'question') {
    return { pause: undefined, deadline: now + p.remainingMs, openedAt: room.openedAt + Math.max(0, now - p.at) };
  }
  if ((room.phase === 'reveal' || room.phase === 'leaderboard') && room.settings.autoAdvance) {
    return { pause: undefined, advanceAt: now + p.remainingMs };
  }
  return { pause: undefined };
}

export function addTime(room: RoomState, ms: number): Patch {
  if (room.pause) return { pause: { ...room.pause, remainingMs: room.pause.remainingMs + ms }, extraMs: room.extraMs + ms };
  return { deadline: room.deadline + ms, extraMs: room.extraMs + ms };
}

/**
 * After close.ts has committed a reveal: schedule the auto-advance (or, when the host paused
 * during the close, keep it as the paused remainder). Returns the room unchanged without auto-advance.
 */
export function withRevealClock(room: RoomState, now: number): RoomState {
  const auto = room.settings.autoAdvance;
  if (!auto || room.phase !== 'reveal') return room;
  if (room.pause) return { ...room, pause: { at: room.pause.at, remainingMs: auto.revealMs }, advanceAt: 0 };
  return { ...room, advanceAt: now + auto.revealMs };
}

/** When the store's sweep should look at this room (ms), or null when no clock runs. */
export function dueAt(room: RoomState): number | null {
  if (room.phase === 'closing') return room.updatedAt;
  if (room.pause) return null;
  if (room.phase === 'question') return room.deadline;
  if ((room.phase === 'reveal' || room.phase === 'leaderboard') && room.advanceAt > 0) return room.advanceAt;
  return null;
}
