/** Live control in the pure engine: pause/resume, add time, lock, kick in every phase, auto-advance, restart, host remote. */
import { describe, expect, it } from 'vitest';
import { dueAt, remainingMs, withRevealClock } from '../../server/engine/clock.js';
import { clockView } from '../../server/engine/control-views.js';
import { DEFAULT_SETTINGS, isHost, reduce, REMOTE_LINK_MS, type RoomEvent } from '../../server/engine/reducer.js';
import type { RoomPhase, RoomState } from '../../server/engine/types.js';
import { prepared, room } from './fixtures.js';

const HOST = 'host-secret-token-0000';
const dur = () => 30_000;
const ok = (s: RoomState, e: RoomEvent, now: number) => {
  const r = reduce(s, e, now, dur);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r;
};
const err = (s: RoomState, e: RoomEvent, now = 1000) => {
  const r = reduce(s, e, now, dur);
  if (r.ok) throw new Error('expected an error');
  return r.error.code;
};
const AUTO = { ...DEFAULT_SETTINGS, autoAdvance: { revealMs: 4000, leaderboardMs: 6000 } };

describe('pause and resume', () => {
  const open = ok(room(), { type: 'start', hostToken: HOST }, 10_000).state; // deadline 40_000

  it('keeps the remaining time to the millisecond across a pause longer than the question', () => {
    const paused = ok(open, { type: 'pause', hostToken: HOST }, 22_345);
    expect(paused.state.pause).toEqual({ at: 22_345, remainingMs: 17_655 });
    expect(paused.effects).toEqual([{ type: 'clock' }]);
    // The stored deadline is the pause moment, so the store refuses later answers atomically.
    expect(paused.state.deadline).toBe(22_345);
    expect(remainingMs(paused.state, 99_999)).toBe(17_655);
    // The deadline timer fires long after the original deadline: nothing closes.
    expect(ok(paused.state, { type: 'deadline', index: 0 }, 100_000).state).toBe(paused.state);
    const resumed = ok(paused.state, { type: 'resume', hostToken: HOST }, 500_001);
    expect(resumed.state.pause).toBeUndefined();
    expect(resumed.state.deadline).toBe(500_001 + 17_655);
    expect(resumed.state.openedAt).toBe(10_000 + (500_001 - 22_345));
    expect(remainingMs(resumed.state, 500_001)).toBe(17_655);
    expect(ok(resumed.state, { type: 'deadline', index: 0 }, 517_655).state.phase).toBe('question');
    expect(ok(resumed.state, { type: 'deadline', index: 0 }, 517_656).state.phase).toBe('closing');
  });

  it('two pauses add up exactly', () => {
    let s = ok(open, { type: 'pause', hostToken: HOST }, 15_000).state; // 25 000 left
    s = ok(s, { type: 'resume', hostToken: HOST }, 20_000).state; // deadline 45 000
    s = ok(s, { type: 'pause', hostToken: HOST }, 44_999).state; // 1 ms left
    expect(s.pause?.remainingMs).toBe(1);
    s = ok(s, { type: 'resume', hostToken: HOST }, 90_000).state;
    expect(s.deadline).toBe(90_001);
    expect(s.openedAt).toBe(10_000 + 5_000 + 45_001);
  });

  it('answers are not closed by allAnswered while paused; pause and resume twice are harmless', () => {
    const paused = ok(open, { type: 'pause', hostToken: HOST }, 12_000).state;
    expect(ok(paused, { type: 'allAnswered', index: 0 }, 12_001).state).toBe(paused);
    expect(ok(paused, { type: 'pause', hostToken: HOST }, 13_000).state).toBe(paused);
    expect(ok(open, { type: 'resume', hostToken: HOST }, 13_000).state).toBe(open);
  });

  it('skip and end during a pause still work and clear it', () => {
    const paused = ok(open, { type: 'pause', hostToken: HOST }, 12_000).state;
    expect(ok(paused, { type: 'skip', hostToken: HOST }, 13_000).state).toMatchObject({ phase: 'closing', closedBy: 'skip' });
    expect(ok(paused, { type: 'end', hostToken: HOST }, 13_000).state).toMatchObject({ phase: 'ended', pause: undefined });
  });

  it.each<RoomPhase>(['lobby', 'reveal', 'leaderboard', 'closing'])('pauses in %s too', (phase) => {
    const s = ok(room({ phase, index: 0 }), { type: 'pause', hostToken: HOST }, 5000).state;
    expect(s.pause).toEqual({ at: 5000, remainingMs: 0 });
    expect(dueAt(s)).toBe(phase === 'closing' ? 5000 : null);
  });

  it('refuses pause after the end, and needs the host token', () => {
    expect(err(room({ phase: 'ended' }), { type: 'pause', hostToken: HOST })).toBe('WRONG_PHASE');
    expect(err(open, { type: 'pause', hostToken: 'someone-else-token-000' })).toBe('NOT_HOST');
    expect(err(open, { type: 'resume', hostToken: 'someone-else-token-000' })).toBe('NOT_HOST');
  });

  it('the clock view says paused with the frozen remainder', () => {
    const q = prepared()[0];
    const paused = ok(open, { type: 'pause', hostToken: HOST }, 20_000).state;
    expect(clockView(paused, q, 60_000)).toEqual({ phase: 'question', index: 0, paused: true, remainingMs: 20_000, deadline: 20_000, durationMs: 20_000, openedAt: 10_000, introMs: 0, serverNow: 60_000 });
  });
});

describe('add time', () => {
  const open = ok(room(), { type: 'start', hostToken: HOST }, 10_000).state;
  it('moves the deadline and counts the extra', () => {
    const r = ok(open, { type: 'addTime', hostToken: HOST, ms: 15_000 }, 20_000);
    expect(r.state).toMatchObject({ deadline: 55_000, extraMs: 15_000 });
    expect(r.effects).toEqual([{ type: 'clock' }]);
    expect(clockView(r.state, prepared()[0], 20_000)).toMatchObject({ remainingMs: 35_000, durationMs: 35_000 });
    // The next question starts without it.
    const next = ok({ ...r.state, phase: 'leaderboard' }, { type: 'next', hostToken: HOST }, 60_000).state;
    expect(next.extraMs).toBe(0);
  });
  it('adds to the frozen remainder while paused', () => {
    const paused = ok(open, { type: 'pause', hostToken: HOST }, 30_000).state;
    const r = ok(paused, { type: 'addTime', hostToken: HOST, ms: 15_000 }, 31_000);
    expect(r.state.pause?.remainingMs).toBe(25_000);
    expect(ok(r.state, { type: 'resume', hostToken: HOST }, 40_000).state.deadline).toBe(65_000);
  });
  it.each<RoomPhase>(['lobby', 'closing', 'reveal', 'leaderboard', 'ended'])('is refused in %s', (phase) => {
    expect(err(room({ phase, index: 0 }), { type: 'addTime', hostToken: HOST, ms: 15_000 })).toBe('WRONG_PHASE');
  });
});

describe('lock', () => {
  it('locks and unlocks with an effect for the host; repeating is harmless', () => {
    const r = ok(room(), { type: 'lock', hostToken: HOST }, 1);
    expect(r.state.locked).toBe(true);
    expect(r.effects).toEqual([{ type: 'lockChanged', locked: true }]);
    expect(ok(r.state, { type: 'lock', hostToken: HOST }, 2).state).toBe(r.state);
    const u = ok(r.state, { type: 'unlock', hostToken: HOST }, 3);
    expect(u.state.locked).toBe(false);
    expect(u.effects).toEqual([{ type: 'lockChanged', locked: false }]);
    expect(err(room({ phase: 'ended' }), { type: 'lock', hostToken: HOST })).toBe('WRONG_PHASE');
  });
  it('"no joining after the start" locks the room at the start', () => {
    const s = ok(room({ settings: { ...DEFAULT_SETTINGS, lateJoin: false } }), { type: 'start', hostToken: HOST }, 1).state;
    expect(s.locked).toBe(true);
    expect(ok(room(), { type: 'start', hostToken: HOST }, 1).state.locked).toBe(false);
  });
});

describe('kick in every phase', () => {
  it.each<RoomPhase>(['lobby', 'question', 'closing', 'reveal', 'leaderboard'])('kicks several players in %s', (phase) => {
    const s = room({ phase, index: 0 });
    const r = ok(s, { type: 'kick', hostToken: HOST, playerIds: ['a', 'b'] }, 1);
    expect(r.state).toBe(s);
    expect(r.effects).toEqual([{ type: 'kickPlayers', playerIds: ['a', 'b'] }]);
  });
  it('is refused after the end or with nobody named', () => {
    expect(err(room({ phase: 'ended' }), { type: 'kick', hostToken: HOST, playerIds: ['a'] })).toBe('WRONG_PHASE');
    expect(err(room(), { type: 'kick', hostToken: HOST, playerIds: [] })).toBe('BAD_REQUEST');
  });
});

describe('auto-advance', () => {
  it('reveal → leaderboard → next question on its own, at the set times', () => {
    const s0 = room({ settings: AUTO, questionCount: 2 });
    let s = ok(s0, { type: 'start', hostToken: HOST }, 0).state;
    s = ok(s, { type: 'deadline', index: 0 }, 30_000).state;
    s = withRevealClock({ ...s, phase: 'reveal', version: s.version + 1 }, 30_100); // close.ts + game service
    expect(s.advanceAt).toBe(34_100);
    expect(dueAt(s)).toBe(34_100);
    expect(ok(s, { type: 'advance', index: 0, phase: 'reveal' }, 34_099).state).toBe(s);
    const lb = ok(s, { type: 'advance', index: 0, phase: 'reveal' }, 34_100);
    expect(lb.state).toMatchObject({ phase: 'leaderboard', advanceAt: 40_100 });
    expect(lb.effects).toEqual([{ type: 'showLeaderboard', index: 0 }, { type: 'clock' }]);
    // A stale timer for the reveal does nothing now.
    expect(ok(lb.state, { type: 'advance', index: 0, phase: 'reveal' }, 50_000).state).toBe(lb.state);
    const q1 = ok(lb.state, { type: 'advance', index: 0, phase: 'leaderboard' }, 40_100);
    expect(q1.state).toMatchObject({ phase: 'question', index: 1, openedAt: 40_100, deadline: 70_100, advanceAt: 0 });
    const end = ok({ ...q1.state, phase: 'leaderboard', advanceAt: 80_000 }, { type: 'advance', index: 1, phase: 'leaderboard' }, 80_000);
    expect(end.state.phase).toBe('ended');
  });

  it('without auto-advance nothing is scheduled and advance events do nothing', () => {
    const s = withRevealClock(room({ phase: 'reveal', index: 0 }), 5000);
    expect(s.advanceAt).toBe(0);
    expect(dueAt(s)).toBeNull();
    expect(ok(s, { type: 'advance', index: 0, phase: 'reveal' }, 99_999).state).toBe(s);
    expect(ok(s, { type: 'next', hostToken: HOST }, 6000).state.advanceAt).toBe(0);
  });

  it('a pause holds the auto-advance and resume restores what was left', () => {
    const rev = room({ settings: AUTO, phase: 'reveal', index: 0, advanceAt: 10_000 });
    const paused = ok(rev, { type: 'pause', hostToken: HOST }, 7_500).state;
    expect(paused).toMatchObject({ advanceAt: 0, pause: { at: 7_500, remainingMs: 2_500 } });
    expect(ok(paused, { type: 'advance', index: 0, phase: 'reveal' }, 20_000).state).toBe(paused);
    expect(ok(paused, { type: 'resume', hostToken: HOST }, 60_000).state.advanceAt).toBe(62_500);
    // Paused while the question was closing: the reveal waits its full pause after the resume.
    const held = withRevealClock(room({ settings: AUTO, phase: 'reveal', index: 0, pause: { at: 1, remainingMs: 0 } }), 2);
    expect(held.pause?.remainingMs).toBe(4000);
  });

  it('the host may still advance by hand', () => {
    const rev = room({ settings: AUTO, phase: 'reveal', index: 0, advanceAt: 10_000 });
    expect(ok(rev, { type: 'next', hostToken: HOST }, 5_000).state).toMatchObject({ phase: 'leaderboard', advanceAt: 11_000 });
  });
});

describe('skip is remembered for the phones', () => {
  it('closedBy says why the question closed', () => {
    const open = room({ phase: 'question', index: 0, deadline: 100 });
    expect(ok(open, { type: 'skip', hostToken: HOST }, 1).state.closedBy).toBe('skip');
    expect(ok(open, { type: 'deadline', index: 0 }, 100).state.closedBy).toBe('deadline');
    expect(ok(open, { type: 'allAnswered', index: 0 }, 1).state.closedBy).toBe('allAnswered');
  });
});

describe('new game with the same players', () => {
  it('goes from ended back to a fresh lobby with a new createdAt and a newer version', () => {
    const ended = room({ phase: 'ended', index: 2, version: 40, locked: true, leaderboard: [], topicStats: { t1: { asked: 1, credit: 1 } } });
    const r = ok(ended, { type: 'restart', hostToken: HOST, questionCount: 4, expectedMs: 90_000 }, 777);
    expect(r.state).toMatchObject({ phase: 'lobby', index: -1, version: 41, createdAt: 777, questionCount: 4, locked: false, topicStats: {}, pin: ended.pin, hostToken: HOST });
    expect(r.state.leaderboard).toBeUndefined();
    expect(r.state.settings.expectedMs).toBe(90_000);
    expect(r.effects).toEqual([{ type: 'restartGame' }]);
    expect(err(room({ phase: 'leaderboard' }), { type: 'restart', hostToken: HOST, questionCount: 4, expectedMs: 0 })).toBe('WRONG_PHASE');
  });
});

describe('host remote', () => {
  it('a one-time code becomes a device host token, once, before it expires', () => {
    const s = ok(room(), { type: 'remoteLink', hostToken: HOST, code: 'code-aaaaaaaaaaaaaaaa' }, 1000).state;
    expect(s.remoteCode).toEqual({ code: 'code-aaaaaaaaaaaaaaaa', expiresAt: 1000 + REMOTE_LINK_MS });
    expect(err(s, { type: 'claim', code: 'code-bbbbbbbbbbbbbbbb', deviceToken: 'dev-1' })).toBe('NOT_HOST');
    expect(err(s, { type: 'claim', code: 'code-aaaaaaaaaaaaaaaa', deviceToken: 'dev-1' }, 1001 + REMOTE_LINK_MS)).toBe('NOT_HOST');
    const claimed = ok(s, { type: 'claim', code: 'code-aaaaaaaaaaaaaaaa', deviceToken: 'device-token-000000' }, 2000).state;
    expect(isHost(claimed, 'device-token-000000')).toBe(true);
    expect(isHost(claimed, '')).toBe(false);
    expect(err(claimed, { type: 'claim', code: 'code-aaaaaaaaaaaaaaaa', deviceToken: 'dev-2' })).toBe('NOT_HOST');
    // The device token drives the game like the projector's.
    expect(ok(claimed, { type: 'start', hostToken: 'device-token-000000' }, 3000).state.phase).toBe('question');
    expect(err(room(), { type: 'remoteLink', hostToken: 'device-token-000000', code: 'x' })).toBe('NOT_HOST');
  });
});
