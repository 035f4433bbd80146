/** Which Redis failures become StoreUnavailableError (answered STORE_UNAVAILABLE) and which stay bugs (INTERNAL). */
import { ClientClosedError, ClientOfflineError, ErrorReply, SocketClosedUnexpectedlyError, TimeoutError } from 'redis';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { guardStore, isUnavailable, withDeadline } from '../../server/store/redis-errors.js';
import { createMemoryStore } from '../../server/store/memory.js';
import { StoreUnavailableError, type RoomStore } from '../../server/store/types.js';

describe('Redis error classification', () => {
  it('treats lost connections, offline clients, timeouts and transient replies as unavailable', () => {
    for (const err of [
      new ClientOfflineError(),
      new ClientClosedError(),
      new SocketClosedUnexpectedlyError(),
      new TimeoutError(),
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379'), { code: 'ECONNREFUSED' }),
      Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }),
      new ErrorReply('LOADING Redis is loading the dataset in memory'),
      new ErrorReply('BUSY Redis is busy running a script'),
    ]) {
      expect(isUnavailable(err), err.message).toBe(true);
    }
  });

  it('leaves bugs alone: script errors, wrong types, plain errors', () => {
    for (const err of [
      new ErrorReply('ERR Error running script (call to f_x): @user_script:1: bad argument'),
      new ErrorReply('WRONGTYPE Operation against a key holding the wrong kind of value'),
      new SyntaxError('Unexpected token } in JSON'),
      new Error('something else'),
    ]) {
      expect(isUnavailable(err), err.message).toBe(false);
    }
    expect(isUnavailable('a string')).toBe(false);
  });

  it('guardStore rethrows connection failures as StoreUnavailableError and everything else unchanged', async () => {
    const bug = new ErrorReply('ERR unknown command');
    const base = createMemoryStore();
    const failing: RoomStore = {
      ...base,
      getRoom: () => Promise.reject(new ClientOfflineError()),
      getQuestions: () => Promise.reject(bug),
      ping: async () => false,
    };
    const store = guardStore(failing);
    const err = await store.getRoom('123456').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreUnavailableError);
    expect((err as Error).message).toMatch(/^Redis is unavailable: /);
    expect((err as Error).cause).toBeInstanceOf(ClientOfflineError);
    await expect(store.getQuestions('123456')).rejects.toBe(bug);
    expect(await store.ping()).toBe(false);
    expect(await store.playerCount('123456')).toBe(0);
  });

  it('guardStore: a method that throws instead of rejecting still gives a rejected promise, mapped, with or without a deadline', async () => {
    const base = createMemoryStore();
    const bug = new TypeError('invalid PIN for a Redis key');
    const throwing: RoomStore = {
      ...base,
      getRoom: () => {
        throw new ClientOfflineError();
      },
      getQuestions: () => {
        throw bug;
      },
    };
    for (const store of [guardStore(throwing), guardStore(throwing, 50)]) {
      let called: Promise<unknown> | undefined;
      expect(() => (called = store.getRoom('123456'))).not.toThrow();
      await expect(called).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store.getQuestions('123456')).rejects.toBe(bug);
    }
  });

  it('guardStore with a deadline: the value in time, a connection failure mapped, a stalled call StoreUnavailableError naming the method', async () => {
    const base = createMemoryStore();
    const stalled: RoomStore = {
      ...base,
      getRoom: () => new Promise(() => {}),
      getQuestions: () => Promise.reject(new SocketClosedUnexpectedlyError()),
    };
    const store = guardStore(stalled, 30);
    expect(await store.playerCount('123456')).toBe(0);
    await expect(store.getQuestions('123456')).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(store.getRoom('123456')).rejects.toThrow(new StoreUnavailableError('Redis did not answer getRoom within 30 ms'));
  });

  it('withDeadline: the value or the error of a call in time, StoreUnavailableError once the deadline passes, a late failure swallowed', async () => {
    await expect(withDeadline(Promise.resolve(7), 50, 'GET')).resolves.toBe(7);
    const bug = new Error('bug');
    await expect(withDeadline(Promise.reject(bug), 50, 'GET')).rejects.toBe(bug);
    let fail!: (e: Error) => void;
    const stalled = new Promise<number>((_, reject) => (fail = reject));
    const t0 = Date.now();
    await expect(withDeadline(stalled, 30, 'EVALSHA')).rejects.toThrow(new StoreUnavailableError('Redis did not answer EVALSHA within 30 ms'));
    expect(Date.now() - t0).toBeGreaterThanOrEqual(25);
    // The command failing after its deadline is no unhandled rejection (vitest would fail the run).
    fail(new Error('too late'));
    await new Promise((r) => setTimeout(r, 10));
    // No deadline: the promise itself.
    const p = Promise.resolve(1);
    expect(withDeadline(p, 0, 'GET')).toBe(p);
  });
});

describe('the store calls’ deadlines: one timer for all the calls in flight', () => {
  afterEach(() => vi.useRealTimers());

  const stallable = () => {
    const answers: ((v: number) => void)[] = [];
    const store = guardStore({ get: () => new Promise<number>((resolve) => answers.push(resolve)) }, 5000);
    return { store, answers };
  };

  it('100 calls in flight arm one timer, not one each; each answered call gets its value, each unanswered one expires at its deadline', async () => {
    vi.useFakeTimers();
    const { store, answers } = stallable();
    const outcomes = Array.from({ length: 100 }, () => store.get().then(String, (err: Error) => err.message));
    expect(vi.getTimerCount()).toBe(1);
    answers.forEach((answer, i) => i % 2 === 0 && answer(i));
    await vi.advanceTimersByTimeAsync(4999);
    const late = new StoreUnavailableError('Redis did not answer get within 5000 ms').message;
    await vi.advanceTimersByTimeAsync(1);
    expect(await Promise.all(outcomes)).toEqual(answers.map((_, i) => (i % 2 === 0 ? String(i) : late)));
    // A reply after the deadline is ignored.
    answers[1](1);
    expect(await outcomes[1]).toBe(late);
  });

  it('a stalled call expires at its deadline while the calls after it are answered, and a later stalled one at its own', async () => {
    vi.useFakeTimers();
    const { store, answers } = stallable();
    const settledAt: Record<string, number> = {};
    const t0 = Date.now();
    const track = (name: string, p: Promise<number>) =>
      p.then(
        () => (settledAt[name] = Date.now() - t0),
        () => (settledAt[name] = -(Date.now() - t0)),
      );
    const a = track('a', store.get());
    await vi.advanceTimersByTimeAsync(1000);
    const b = track('b', store.get());
    answers[1](2);
    await vi.advanceTimersByTimeAsync(1000);
    const c = track('c', store.get());
    await Promise.all([a, b, vi.advanceTimersByTimeAsync(10_000), c]);
    // Negative: rejected (the deadline), at that many ms after the first call.
    expect(settledAt).toEqual({ a: -5000, b: 1000, c: -7000 });
  });

  it('withDeadline keeps one queue per deadline length: a short deadline is not held behind a longer one', async () => {
    vi.useFakeTimers();
    const long = withDeadline(new Promise(() => {}), 5000, 'GET').catch((err: Error) => err.message);
    const short = withDeadline(new Promise(() => {}), 30, 'PING').catch((err: Error) => err.message);
    await vi.advanceTimersByTimeAsync(30);
    expect(await short).toBe('Redis did not answer PING within 30 ms');
    await vi.advanceTimersByTimeAsync(4970);
    expect(await long).toBe('Redis did not answer GET within 5000 ms');
  });

  it('once every call is answered, no timer holds the process open (a call in flight does, as its own timer did)', async () => {
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const { store, answers } = stallable();
    const before = timers();
    const call = store.get();
    expect(timers()).toBe(before + 1);
    answers[0](1);
    expect(await call).toBe(1);
    expect(timers()).toBe(before);
    const again = store.get();
    expect(timers()).toBe(before + 1);
    answers[1](2);
    expect(await again).toBe(2);
    expect(timers()).toBe(before);
  });
});
