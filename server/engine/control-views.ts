/** What clients see of the room clock and the host's setup (live control, issue 10). */
import type { ClockView, SettingsView } from '../../shared/protocol.js';
import { introLeftMs, remainingMs } from './clock.js';
import type { PreparedQuestion, RoomState } from './types.js';
import { clientPhase } from './views.js';

export function clockView(room: RoomState, q: PreparedQuestion | undefined, now: number): ClockView {
  const phase = clientPhase(room);
  const view: ClockView = { phase, index: room.index, paused: room.pause !== undefined, remainingMs: remainingMs(room, now), serverNow: now };
  if (phase === 'question' && q) {
    view.deadline = room.deadline;
    view.durationMs = q.durationMs + room.extraMs;
    view.openedAt = room.openedAt;
    view.introMs = introLeftMs(room, now);
  }
  if (room.advanceAt > 0 && !room.pause) view.advanceAt = room.advanceAt;
  return view;
}

export function settingsView(room: RoomState): SettingsView {
  const s = room.settings;
  return {
    timing: s.timing,
    ...(s.timeLimit ? { timeLimit: s.timeLimit } : {}),
    timeFactor: s.timeFactor,
    introSeconds: (s.introMs ?? 0) / 1000,
    topics: s.topics.map((id) => ({ id, title: room.topicTitles[id] ?? id })),
    lateJoin: s.lateJoin,
    shuffleOptions: s.shuffleOptions ?? true,
    autoAdvance: s.autoAdvance ? { revealSeconds: s.autoAdvance.revealMs / 1000, leaderboardSeconds: s.autoAdvance.leaderboardMs / 1000 } : null,
    expectedMs: s.expectedMs,
  };
}
