/** Which Redis failures become StoreUnavailableError (answered STORE_UNAVAILABLE) and which stay bugs (INTERNAL). */
import { ClientClosedError, ClientOfflineError, ErrorReply, SocketClosedUnexpectedlyError, TimeoutError } from 'redis';
import { describe, expect, it } from 'vitest';
import { guardStore, isUnavailable } from '../../server/store/redis-errors.js';
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
});
