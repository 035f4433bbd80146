/**
 * The guard's per-address queue of look-ups by PIN, alone (tests/security/limits.test.ts shows the same
 * over the wire): one address's look-ups run one at a time, in the order they came, whether the one before
 * succeeded or failed; other addresses never wait on it; the queue is gone once its look-ups are done.
 */
import { createHook } from 'node:async_hooks';
import { describe, expect, it } from 'vitest';
import { Guard } from '../../server/security/guard.js';
import { AddressLimits } from '../../server/security/limits.js';
import { securitySettings } from '../../server/security/settings.js';

const log = { warn: () => {} };
const guard = () => new Guard(new AddressLimits(securitySettings(), log));

/** A handler the test settles by hand, recording when it started. */
function gate(name: string, started: string[]) {
  let settle!: { ok: (v: object) => void; fail: (e: Error) => void };
  const handler = () =>
    new Promise<object>((ok, fail) => {
      started.push(name);
      settle = { ok, fail };
    });
  return { handler, ok: (v: object) => settle.ok(v), fail: (e: Error) => settle.fail(e) };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('the guard runs one address’s look-ups one at a time', () => {
  it('in the order they came: the next starts only once the one before has settled, even if it failed', async () => {
    const g = guard();
    const started: string[] = [];
    const [a, b, c] = ['a', 'b', 'c'].map((n) => gate(n, started));
    const ra = g.run('room:check', '10.0.0.1', { pin: '123456' }, a.handler);
    const rb = g.run('player:join', '10.0.0.1', { pin: '123456', nickname: 'B' }, b.handler);
    const rc = g.run('room:check', '10.0.0.1', { pin: '123456' }, c.handler);
    await tick();
    expect(started).toEqual(['a']);
    expect(g.queuedAddresses).toBe(1);
    a.fail(Object.assign(new Error('boom'), { code: 'INTERNAL' }));
    await expect(ra).rejects.toThrow('boom');
    await tick();
    expect(started).toEqual(['a', 'b']);
    b.ok({ seat: 1 });
    expect(await rb).toEqual({ body: { seat: 1 } });
    await tick();
    expect(started).toEqual(['a', 'b', 'c']);
    c.ok({ found: true });
    expect(await rc).toEqual({ body: { found: true } });
    await tick();
    expect(g.queuedAddresses).toBe(0);
  });

  it('another address does not wait for it', async () => {
    const g = guard();
    const started: string[] = [];
    const [a, b] = ['a', 'b'].map((n) => gate(n, started));
    const ra = g.run('room:check', '10.0.0.1', { pin: '123456' }, a.handler);
    const rb = g.run('room:check', '10.0.0.2', { pin: '123456' }, b.handler);
    await tick();
    expect(started).toEqual(['a', 'b']);
    expect(g.queuedAddresses).toBe(2);
    b.ok({ n: 2 });
    expect(await rb).toEqual({ body: { n: 2 } });
    a.ok({ n: 1 });
    expect(await ra).toEqual({ body: { n: 1 } });
    await tick();
    expect(g.queuedAddresses).toBe(0);
  });

  it('a look-up that finds no room spends the address’s budget; once spent, the queue answers RATE_LIMITED', async () => {
    const g = guard();
    const notFound = () => Promise.reject(Object.assign(new Error('Game not found'), { code: 'ROOM_NOT_FOUND' }));
    const outcomes = await Promise.all(
      Array.from({ length: 40 }, () => g.run('room:check', '10.0.0.3', { pin: '123456' }, notFound).then((o) => ('refusal' in o ? o.refusal.code : 'OK'), (e: { code: string }) => e.code)),
    );
    expect(outcomes.filter((c) => c === 'ROOM_NOT_FOUND').length).toBeGreaterThan(0);
    expect(outcomes.filter((c) => c === 'RATE_LIMITED').length).toBeGreaterThan(0);
    // Once refused, every later one is refused: the queue ran them in order.
    expect(outcomes.slice(outcomes.indexOf('RATE_LIMITED')).every((c) => c === 'RATE_LIMITED')).toBe(true);
    // Events with no PIN and the unchecked ones pass by the queue.
    expect(await g.run('decks:list', '10.0.0.3', {}, async () => ({ decks: [] }))).toEqual({ body: { decks: [] } });
    expect(await g.run('player:rejoin', '10.0.0.3', { pin: '123456' }, async () => ({ ok: 1 }))).toEqual({ body: { ok: 1 } });
  });
});

describe('a look-up’s own cost', () => {
  it('a join whose limits this process decides starts its handler at once, with no promise but the handler’s, its outcome’s and the queue’s', async () => {
    const g = guard();
    const started: string[] = [];
    const seat = { seat: 1 };
    // Promises created while the join is run and its outcome awaited (async_hooks sees every promise V8 makes).
    let promises = 0;
    const hook = createHook({ init: (_id, type) => void (type === 'PROMISE' && promises++) }).enable();
    const r = g.run('player:join', '10.0.0.9', { pin: '123456', nickname: 'Ada' }, () => (started.push('join'), Promise.resolve(seat)));
    const outcome = r.then((o) => o);
    hook.disable();
    expect(started).toEqual(['join']);
    // The handler's promise, its outcome, the queue's tail, and the test's own then.
    expect(promises).toBe(4);
    expect(await outcome).toEqual({ body: seat });
    await tick();
    expect(g.queuedAddresses).toBe(0);
  });

  it('a join refused by its own limit never starts its handler', async () => {
    const g = guard();
    let started = 0;
    const outcomes: string[] = [];
    for (let i = 0; i < 400; i++) {
      const o = await g.run('player:join', '10.0.0.10', { pin: '123456', nickname: `p${i}` }, () => (started++, Promise.resolve({ seat: i })));
      outcomes.push('refusal' in o ? o.refusal.code : 'OK');
    }
    expect(outcomes.indexOf('RATE_LIMITED')).toBeGreaterThan(0);
    expect(outcomes.slice(outcomes.indexOf('RATE_LIMITED')).every((c) => c === 'RATE_LIMITED')).toBe(true);
    expect(started).toBe(outcomes.indexOf('RATE_LIMITED'));
  });
});
