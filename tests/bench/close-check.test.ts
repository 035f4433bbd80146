/**
 * bench/close-check.ts and the wall-clock receipts of bench/fleet.ts: S3's question with one phone unanswered
 * is judged on the wall clock (the server's deadline's clock), from the server's own account of the close,
 * so a wall-clock step under the bots' clock (session 31's run 7: a VM snapshot) no longer reads as an early
 * close, and a real early close says whether the unanswered phone had gone offline.
 */
import { describe, expect, it } from 'vitest';
import { closeVerdict, lowestDrops, worstStep, type PhoneSide, type ServerClose } from '../../bench/close-check.js';
import { mergeCollected } from '../../bench/fleet.js';
import { clockSkew, now } from '../../bench/phone.js';

const DEADLINE = 1_800_000_030_000;
const byDeadline: ServerClose = { closedBy: 'deadline', phase: 'reveal', index: 2, revealedAt: DEADLINE + 400, online: 10_000, players: 10_000 };
const calm: PhoneSide = { steps: [0.4, -0.3], dropped: 0, droppedReasons: {}, skippedDropped: false };

describe('mergeCollected: receipts on the wall clock', () => {
  it("adds each bot process's own skew to its own receipts; the bots' clock times stay as they were", () => {
    const c = mergeCollected([
      { times: [100, 200], missing: 0, withField: 2, skew: 6000, stepped: 6000 },
      { times: [150], missing: 1, withField: 1, skew: -2, stepped: 0.5 },
    ]);
    expect(c.times).toEqual([100, 200, 150]);
    expect(c.wall).toEqual([6100, 6200, 148]);
    expect(c.skews).toEqual([6000, -2]);
    expect(c.steps).toEqual([6000, 0.5]);
    expect(c.missing).toBe(1);
    expect(c.withField).toBe(3);
  });

  it("now() + clockSkew() is this process's wall clock", () => {
    const before = Date.now();
    const wall = now() + clockSkew();
    expect(Math.abs(wall - before)).toBeLessThan(50);
  });
});

describe('closeVerdict', () => {
  it("run 7's case: closed by its deadline, the wall clock stepped 6 s forward since the bots started (a VM snapshot): not an early close", () => {
    // On a wall time fixed at the bots' start the first result read 5.5 s before the deadline; on the wall clock it came 500 ms after.
    const firstOnBots = DEADLINE - 5500;
    const phones = { ...calm, steps: [6000, 6000] };
    const [wall] = mergeCollected([{ times: [firstOnBots], missing: 0, withField: 1, skew: 6000, stepped: 6000 }]).wall;
    const v = closeVerdict(DEADLINE, wall, byDeadline, phones);
    expect(v.ok).toBe(true);
    expect(v.detail).toContain('first result 500 ms after the deadline (wall clock)');
    expect(v.detail).toContain('the wall clock stepped 6000 ms forward since the bots started');
    expect(v.detail).toContain('the first result would read -5500 ms');
    expect(v.detail).toContain('closed by deadline');
  });

  it('a result before the deadline on the wall clock fails, whatever the server says', () => {
    const v = closeVerdict(DEADLINE, DEADLINE - 200, byDeadline, calm);
    expect(v.ok).toBe(false);
    expect(v.detail).toContain('first result -200 ms after the deadline');
    expect(v.detail).not.toContain('stepped');
  });

  it('within 50 ms of the deadline passes (the clocks of one machine)', () => {
    expect(closeVerdict(DEADLINE, DEADLINE - 40, byDeadline, calm).ok).toBe(true);
  });

  it('closed early by allAnswered while the unanswered phone was connected: fails, and says so', () => {
    const v = closeVerdict(DEADLINE, DEADLINE - 5200, { ...byDeadline, closedBy: 'allAnswered' }, calm);
    expect(v.ok).toBe(false);
    expect(v.detail).toMatch(/^closed early although the unanswered phone was connected/);
    expect(v.detail).toContain('online 10000 of 10000 players');
  });

  it('closed early by allAnswered because the unanswered phone had dropped: the game’s rule, said as such', () => {
    const phones = { ...calm, dropped: 1, droppedReasons: { 'ping timeout': 1 }, skippedDropped: true };
    const v = closeVerdict(DEADLINE, DEADLINE - 25_000, { ...byDeadline, closedBy: 'allAnswered', online: 9999 }, phones);
    expect(v.ok).toBe(true);
    expect(v.detail).toMatch(/^closed early because the unanswered phone was offline/);
    expect(v.detail).toContain('phones disconnected: 1 {"ping timeout":1}, the unanswered one among them');
    expect(v.detail).toContain('online 9999 of 10000 players');
  });

  it('closed by a skip, or not closed at all: fails', () => {
    expect(closeVerdict(DEADLINE, DEADLINE + 300, { ...byDeadline, closedBy: 'skip' }, calm).ok).toBe(false);
    const none = closeVerdict(DEADLINE, NaN, { online: 10_000, players: 10_000 }, calm);
    expect(none.ok).toBe(false);
    expect(none.detail).toContain('closed by nothing (not closed)');
  });

  it('worstStep: the largest magnitude, with its sign', () => {
    expect(worstStep([0.5, -7000, 6000])).toBe(-7000);
    expect(worstStep([])).toBe(0);
  });
});

describe('lowestDrops: the drops a bot process reports', () => {
  it('keeps the lowest global indexes, so the unanswered phone (index 0) is seen after more than `max` others dropped first', () => {
    const drops = [...Array.from({ length: 150 }, (_, i) => ({ g: 10 + i, reason: 'ping timeout' })), { g: 0, reason: 'transport close' }];
    const kept = lowestDrops(drops, 100);
    expect(kept).toHaveLength(100);
    expect(kept[0]).toEqual({ g: 0, reason: 'transport close' });
    expect(kept.some((d) => d.g < 1)).toBe(true);
    expect(drops[0].g).toBe(10); // the bot's own list is left in arrival order
  });
});
