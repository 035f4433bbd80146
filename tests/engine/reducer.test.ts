import { describe, expect, it } from 'vitest';
import { reduce, type RoomEvent } from '../../server/engine/reducer.js';
import type { RoomPhase, RoomState } from '../../server/engine/types.js';
import { room } from './fixtures.js';

const HOST = 'host-secret-token-0000';
const dur = () => 10_000;
const ok = (s: RoomState, e: RoomEvent, now = 1000) => {
  const r = reduce(s, e, now, dur);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r;
};
const err = (s: RoomState, e: RoomEvent, now = 1000) => {
  const r = reduce(s, e, now, dur);
  if (r.ok) throw new Error('expected an error');
  return r.error.code;
};

describe('room transitions', () => {
  it('start opens question 0 with a server deadline', () => {
    const r = ok(room(), { type: 'start', hostToken: HOST }, 5000);
    expect(r.state).toMatchObject({ phase: 'question', index: 0, openedAt: 5000, deadline: 15_000, version: 2, updatedAt: 5000 });
    expect(r.effects).toEqual([{ type: 'openQuestion', index: 0, openedAt: 5000, deadline: 15_000 }]);
  });

  it('the whole flow: question → closing → (scored) reveal → leaderboard → next question … → ended', () => {
    let s = ok(room({ questionCount: 2 }), { type: 'start', hostToken: HOST }).state;
    s = ok(s, { type: 'deadline', index: 0 }, 11_000).state;
    expect(s.phase).toBe('closing');
    s = { ...s, phase: 'reveal', version: s.version + 1 }; // close.ts does this step
    let r = ok(s, { type: 'next', hostToken: HOST });
    expect(r.state.phase).toBe('leaderboard');
    expect(r.effects).toEqual([{ type: 'showLeaderboard', index: 0 }]);
    r = ok(r.state, { type: 'next', hostToken: HOST }, 20_000);
    expect(r.state).toMatchObject({ phase: 'question', index: 1, openedAt: 20_000, deadline: 30_000 });
    s = ok(r.state, { type: 'skip', hostToken: HOST }).state;
    expect(s.phase).toBe('closing');
    s = { ...s, phase: 'leaderboard' };
    r = ok(s, { type: 'next', hostToken: HOST });
    expect(r.state.phase).toBe('ended');
    expect(r.effects).toEqual([{ type: 'endGame' }]);
  });

  it('every transition bumps the version', () => {
    const s = room({ version: 7 });
    expect(ok(s, { type: 'start', hostToken: HOST }).state.version).toBe(8);
    expect(ok(room({ phase: 'reveal', index: 0 }), { type: 'next', hostToken: HOST }).state.version).toBe(2);
  });

  it.each<[RoomEvent['type'], RoomPhase]>([
    ['start', 'question'],
    ['start', 'reveal'],
    ['start', 'ended'],
    ['next', 'lobby'],
    ['next', 'question'],
    ['next', 'closing'],
    ['next', 'ended'],
    ['skip', 'lobby'],
    ['skip', 'reveal'],
    ['skip', 'closing'],
    ['end', 'ended'],
  ])('%s in phase %s is refused with WRONG_PHASE', (type, phase) => {
    expect(err(room({ phase, index: 0 }), { type, hostToken: HOST } as RoomEvent)).toBe('WRONG_PHASE');
  });

  it.each(['start', 'next', 'skip', 'end', 'kick'] as const)('%s needs the host token', (type) => {
    const e = { type, hostToken: 'someone-else-token-000', playerIds: ['p1'] } as RoomEvent;
    expect(err(room(), e)).toBe('NOT_HOST');
    expect(err(room(), { ...e, hostToken: '' } as RoomEvent)).toBe('NOT_HOST');
  });

  it('end works from any phase before ended', () => {
    for (const phase of ['lobby', 'question', 'closing', 'reveal', 'leaderboard'] as const) {
      expect(ok(room({ phase, index: 0 }), { type: 'end', hostToken: HOST }).state.phase).toBe('ended');
    }
  });

  it('kick yields an effect and leaves the room state untouched', () => {
    const s = room();
    const r = ok(s, { type: 'kick', hostToken: HOST, playerIds: ['p9'] });
    expect(r.state).toBe(s);
    expect(r.effects).toEqual([{ type: 'kickPlayers', playerIds: ['p9'] }]);
  });
});

describe('deadline handling', () => {
  const open = room({ phase: 'question', index: 2, openedAt: 0, deadline: 10_000 });
  it('closes at or after the deadline', () => {
    expect(ok(open, { type: 'deadline', index: 2 }, 10_000).state.phase).toBe('closing');
    expect(ok(open, { type: 'deadline', index: 2 }, 99_999).effects).toEqual([{ type: 'scoreQuestion', index: 2 }]);
  });
  it('a timer that fires early changes nothing', () => {
    const r = ok(open, { type: 'deadline', index: 2 }, 9_999);
    expect(r.state).toBe(open);
    expect(r.effects).toEqual([]);
  });
  it('a stale timer for another question or phase changes nothing', () => {
    expect(ok(open, { type: 'deadline', index: 1 }, 20_000).state).toBe(open);
    const rev = room({ phase: 'reveal', index: 2, deadline: 10_000 });
    expect(ok(rev, { type: 'deadline', index: 2 }, 20_000).state).toBe(rev);
  });
  it('allAnswered closes the open question early, once', () => {
    const r = ok(open, { type: 'allAnswered', index: 2 }, 1_000);
    expect(r.state.phase).toBe('closing');
    const again = ok(r.state, { type: 'allAnswered', index: 2 }, 1_001);
    expect(again.state).toBe(r.state);
    expect(again.effects).toEqual([]);
  });
});
